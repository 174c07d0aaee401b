import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';
import { accounts, sessions, users } from '../../db/schema/index.ts';
import {
  createSession,
  generateSessionToken,
  getSessionCookieName,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from '../../src/lib/server/auth/session.ts';
import { resolveViewer } from '../../src/lib/server/auth/viewer.ts';
import { pruneExpiredAuthState } from '../../src/lib/server/auth/prune-expired.ts';
import { recordAttempt, releaseAttempt, reserveAttempt } from '../../src/lib/server/auth/rate-limit.ts';
import { rateLimits } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-auth-'));
  db = openDatabase(join(dir, 'test.sqlite'));
  const now = Date.now();
  db.insert(accounts).values({ id: 'acc1', slug: 'acme', name: 'Acme', segment: 'high', plan: 'enterprise', contractStart: '2026-01-01', createdAt: now, updatedAt: now }).run();
  db.insert(users).values([
    { id: 'u1', email: 'user@acme.example', name: 'U', role: 'customer', accountId: 'acc1', createdAt: now, updatedAt: now },
    { id: 's1', email: 'admin@jisou.test', name: 'S', role: 'admin', createdAt: now, updatedAt: now },
  ]).run();
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sessions', () => {
  it('stores only the SHA-256 of the token and validates the token, not the stored value', () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const session = createSession('u1', token, db);
    const row = db.select().from(sessions).get()!;
    expect(row.id).toBe(session.id);
    expect(row.id).not.toContain(token);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    expect(validateSessionToken(token, db).user?.email).toBe('user@acme.example');
    expect(validateSessionToken(row.id, db).session).toBeNull();
  });

  it('gives every sign-in a different token', () => {
    expect(generateSessionToken()).not.toBe(generateSessionToken());
  });

  it('slides customer expiry forward within the 90-day cap', () => {
    const t0 = Date.now();
    const token = generateSessionToken();
    const s = createSession('u1', token, db, t0);
    expect(s.expiresAt - t0).toBe(30 * DAY);
    expect(s.absoluteExpiresAt - t0).toBe(90 * DAY);
    const later = validateSessionToken(token, db, t0 + 20 * DAY);
    expect(later.session?.fresh).toBe(true);
    expect(later.session!.expiresAt).toBe(t0 + 50 * DAY);
    // Used every 20 days it still ends at the absolute cap.
    validateSessionToken(token, db, t0 + 40 * DAY);
    validateSessionToken(token, db, t0 + 60 * DAY);
    const near = validateSessionToken(token, db, t0 + 80 * DAY);
    expect(near.session!.expiresAt).toBe(t0 + 90 * DAY);
    expect(validateSessionToken(token, db, t0 + 90 * DAY).session).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it('ends idle staff sessions after 30 minutes and all staff sessions after 12 hours', () => {
    const t0 = Date.now();
    const token = generateSessionToken();
    createSession('s1', token, db, t0);
    expect(validateSessionToken(token, db, t0 + 29 * MIN).session).not.toBeNull();
    expect(validateSessionToken(token, db, t0 + 58 * MIN).session).not.toBeNull();
    expect(validateSessionToken(token, db, t0 + 89 * MIN).session).toBeNull();
  });

  it('ends sessions on logout, on "sign out everywhere", and when the person is disabled', () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    const c = generateSessionToken();
    const sa = createSession('u1', a, db);
    createSession('u1', b, db);
    createSession('u1', c, db);
    invalidateSession(sa.id, db);
    expect(validateSessionToken(a, db).session).toBeNull();
    expect(validateSessionToken(b, db).session).not.toBeNull();
    invalidateUserSessions('u1', db);
    expect(validateSessionToken(b, db).session).toBeNull();
    const d = generateSessionToken();
    createSession('u1', d, db);
    db.update(users).set({ disabledAt: Date.now() }).where(eq(users.id, 'u1')).run();
    expect(validateSessionToken(d, db).session).toBeNull();
  });

  it('refuses customers of a disabled account', () => {
    const token = generateSessionToken();
    createSession('u1', token, db);
    db.update(accounts).set({ disabledAt: Date.now() }).run();
    expect(validateSessionToken(token, db).user).toBeNull();
  });
});

describe('resolveViewer', () => {
  it('reads the viewer from a raw Cookie header without extending the session', () => {
    const t0 = Date.now();
    const token = generateSessionToken();
    const s = createSession('u1', token, db, t0);
    const header = `other=1; ${getSessionCookieName()}=${token}; x=y`;
    expect(resolveViewer(header, db, t0 + 10 * DAY)).toEqual({ userId: 'u1', role: 'customer', accountId: 'acc1', segment: 'high', plan: 'enterprise' });
    expect(db.select().from(sessions).get()!.expiresAt).toBe(s.expiresAt);
    expect(resolveViewer(header, db, t0 + 31 * DAY)).toBeNull();
    expect(resolveViewer(`${getSessionCookieName()}=${s.id}`, db)).toBeNull();
    expect(resolveViewer(null, db)).toBeNull();
    expect(resolveViewer('', db)).toBeNull();
  });
});

describe('pruneExpiredAuthState', () => {
  it('removes expired sessions and old rate-limit rows, keeps live ones', () => {
    const t0 = Date.now();
    const live = generateSessionToken();
    const old = generateSessionToken();
    createSession('u1', live, db, t0);
    createSession('s1', old, db, t0 - 2 * 60 * MIN); // staff session, idle for two hours
    recordAttempt(db, 'login-ip:old', { max: 5, windowMs: 15 * MIN }, t0 - 2 * DAY);
    recordAttempt(db, 'login-ip:new', { max: 5, windowMs: 15 * MIN }, t0);
    pruneExpiredAuthState(db, t0, true);
    expect(db.select().from(sessions).all()).toHaveLength(1);
    expect(validateSessionToken(live, db, t0).session).not.toBeNull();
    expect(db.select().from(rateLimits).all().map((r) => r.key)).toEqual(['login-ip:new']);
  });
});

describe('reserveAttempt / releaseAttempt (sign-in limits counted before the password check)', () => {
  const limit = { max: 3, windowMs: 15 * MIN };
  const row = (key: string) => db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();

  it('counts every key at once, shares the count across connections, and refuses without counting once blocked', () => {
    const t0 = Date.now();
    const other = openDatabase(join(dir, 'test.sqlite')); // a second app process on the same file
    try {
      const keys = [{ key: 'login-ip:a', limit: { max: 10, windowMs: 15 * MIN } }, { key: 'login-email:x', limit }];
      expect(reserveAttempt(db, keys, t0)).toEqual({ blocked: false });
      expect(reserveAttempt(other, keys, t0 + 1)).toEqual({ blocked: false });
      // The third reservation reaches the email's max: it is allowed, and blocks everyone after it.
      expect(reserveAttempt(db, keys, t0 + 2)).toEqual({ blocked: false });
      expect(reserveAttempt(other, keys, t0 + 3)).toEqual({ blocked: true, retryAfterSeconds: 15 * 60 });
      // A refused attempt counted nowhere, not even on the IP that is not blocked.
      expect(row('login-ip:a')?.count).toBe(3);
      expect(row('login-email:x')?.count).toBe(3);
    } finally {
      other.$client.close();
    }
  });

  it('a released reservation (the attempt succeeded) no longer counts, and lifts the block it caused', () => {
    const t0 = Date.now();
    const key = { key: 'login-ip:b', limit };
    for (let i = 0; i < 3; i++) reserveAttempt(db, [key], t0 + i);
    expect(row('login-ip:b')?.blockedUntil).toBeGreaterThan(t0);
    releaseAttempt(db, key, t0 + 5); // the third attempt succeeded
    expect(row('login-ip:b')).toMatchObject({ count: 2, blockedUntil: null });
    expect(reserveAttempt(db, [key], t0 + 6)).toEqual({ blocked: false }); // the third failure blocks again
    expect(reserveAttempt(db, [key], t0 + 7)).toMatchObject({ blocked: true });
  });

  it('a progressive limit waits 1 s, 2 s, 4 s … up to its cap instead of a whole window', () => {
    const t0 = Date.now();
    const key = { key: 'login-device:d', limit: { ...limit, blockMs: (n: number) => Math.min(5000, 1000 * 2 ** (n - limit.max)) } };
    const waits: number[] = [];
    let t = t0;
    for (let i = 0; i < 7; i++) {
      expect(reserveAttempt(db, [key], t)).toEqual({ blocked: false });
      const until = row('login-device:d')?.blockedUntil;
      waits.push(until ? until - t : 0);
      t = Math.max(t, until ?? t) + 1;
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 5000, 5000]);
  });
});
