import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AstroCookies } from 'astro';
import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { findUserByEmail } from '../accounts/users.ts';

const DAY = 86_400_000;
const CONTEXT = 'jisou-known-device-v1';

/**
 * "Known device" cookie: set at a successful sign-in, it lets that browser keep signing in while
 * strangers' failed guesses have put the email on hold (see docs/accounts.md). The value is
 * `base64url(userId|issuedAt|nonce).mac`, where the MAC is an HMAC-SHA256 keyed with the person's stored
 * password hash: no server-wide secret to manage, it cannot be forged without the database, it is bound
 * to one person, and a password change or reset revokes every device at once.
 */
export function getKnownDeviceCookieName(): string {
  return getConfig().NODE_ENV === 'production' ? '__Host-jisou_device' : 'jisou_device';
}

export interface KnownDevice {
  userId: string;
  /** Random per-browser id, the key of this browser's own failure counter. */
  deviceId: string;
}

const mac = (passwordHash: string, payload: string) => createHmac('sha256', passwordHash).update(`${CONTEXT}|${payload}`).digest('base64url');

export function issueKnownDevice(userId: string, passwordHash: string, now = Date.now()): string {
  const payload = Buffer.from(`${userId}|${now}|${randomBytes(12).toString('base64url')}`).toString('base64url');
  return `${payload}.${mac(passwordHash, payload)}`;
}

/**
 * A known-device cookie value for the person who just set a new password through a reset link (they
 * proved they own the mailbox), or null. This is the way back in from a new browser while strangers'
 * guesses keep the email on hold.
 */
export function issueKnownDeviceForEmail(db: Db, email: string, now = Date.now()): string | null {
  const user = findUserByEmail(db, email);
  return user?.passwordHash && !user.disabledAt ? issueKnownDevice(user.id, user.passwordHash, now) : null;
}

/** The user id a cookie claims, before it is verified (to know whose password hash checks it). */
function decode(value: string): { userId: string; issuedAt: number; deviceId: string; payload: string; tag: string } | null {
  if (value.length > 400) return null;
  const [payload, tag, extra] = value.split('.');
  if (!payload || !tag || extra !== undefined) return null;
  const parts = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3) return null;
  const [userId, issued, deviceId] = parts as [string, string, string];
  const issuedAt = Number(issued);
  if (!userId || !deviceId || !Number.isSafeInteger(issuedAt)) return null;
  return { userId, issuedAt, deviceId, payload, tag };
}

/** The device, when the cookie is genuine, unexpired and belongs to this person; otherwise null. */
export function verifyKnownDevice(value: string | undefined, user: { id: string; passwordHash: string | null }, now = Date.now()): KnownDevice | null {
  if (!value || !user.passwordHash) return null;
  const d = decode(value);
  if (!d || d.userId !== user.id) return null;
  if (d.issuedAt > now + 60_000 || now - d.issuedAt > getConfig().LOGIN_KNOWN_DEVICE_DAYS * DAY) return null;
  const expected = Buffer.from(mac(user.passwordHash, d.payload));
  const given = Buffer.from(d.tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId: d.userId, deviceId: d.deviceId };
}

/** HttpOnly like the session cookie; outlives sessions (that is its point). */
export function setKnownDeviceCookie(cookies: AstroCookies, value: string, now = Date.now()): void {
  cookies.set(getKnownDeviceCookieName(), value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().NODE_ENV === 'production',
    path: '/',
    expires: new Date(now + getConfig().LOGIN_KNOWN_DEVICE_DAYS * DAY),
  });
}
