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
import { recordAttempt } from '../../src/lib/server/auth/rate-limit.ts';
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
