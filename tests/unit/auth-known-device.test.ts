import { describe, expect, it } from 'vitest';
import { issueKnownDevice, verifyKnownDevice } from '../../src/lib/server/auth/known-device.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';

const DAY = 86_400_000;

describe('known-device cookie', () => {
  it('is accepted for its own person only, until the password changes or it is older than LOGIN_KNOWN_DEVICE_DAYS', async () => {
    const hash = await hashPassword('orchard-lantern-41');
    const now = Date.UTC(2026, 11, 1);
    const value = issueKnownDevice('u-1', hash, now);
    const device = verifyKnownDevice(value, { id: 'u-1', passwordHash: hash }, now + DAY);
    expect(device?.userId).toBe('u-1');
    expect(device?.deviceId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // Another person, even with the same password hash, cannot use it.
    expect(verifyKnownDevice(value, { id: 'u-2', passwordHash: hash }, now)).toBeNull();
    // A new password (change or reset) revokes every known device of the person.
    expect(verifyKnownDevice(value, { id: 'u-1', passwordHash: await hashPassword('orchard-lantern-42') }, now)).toBeNull();
    expect(verifyKnownDevice(value, { id: 'u-1', passwordHash: null }, now)).toBeNull();
    // Default lifetime 180 days.
    expect(verifyKnownDevice(value, { id: 'u-1', passwordHash: hash }, now + 179 * DAY)).not.toBeNull();
    expect(verifyKnownDevice(value, { id: 'u-1', passwordHash: hash }, now + 181 * DAY)).toBeNull();
    // Forged or garbled values.
    const [payload, mac] = value.split('.') as [string, string];
    const otherPayload = Buffer.from(`u-1|${now}|AAAAAAAAAAAAAAAA`).toString('base64url');
    expect(verifyKnownDevice(`${otherPayload}.${mac}`, { id: 'u-1', passwordHash: hash }, now)).toBeNull();
    expect(verifyKnownDevice(`${payload}.${mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, { id: 'u-1', passwordHash: hash }, now)).toBeNull();
    for (const bad of ['', '.', 'x', `${payload}.${mac}.x`, 'é'.repeat(500)]) expect(verifyKnownDevice(bad, { id: 'u-1', passwordHash: hash }, now)).toBeNull();
  });
});
