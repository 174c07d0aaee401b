import { eq } from 'drizzle-orm';
import { sessions, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { getDb } from '../db.ts';
import { readSession, type SessionRecord, type SessionUser } from './read-session.ts';
import { getSessionPolicy, TOUCH_INTERVAL_MS } from './session-policy.ts';
import { generateSecretToken, hashesEqual, hashToken, isWellFormedToken } from './tokens.ts';
import { isBusyError, outsideWriteWindow } from '../db/busy.ts';

export type { SessionUser, SessionRecord };

export interface Session extends SessionRecord {
  /** True when this validation moved the expiry forward: the caller should re-send the cookie. */
  fresh: boolean;
}

export type SessionValidationResult = { session: Session; user: SessionUser } | { session: null; user: null };

/** Cookie name; `__Host-` in production so the browser insists on Secure, Path=/ and no Domain. */
export function getSessionCookieName(): string {
  return getConfig().NODE_ENV === 'production' ? '__Host-jisou_session' : 'jisou_session';
}

/** The random token that goes into the cookie (160 bits). Never stored. */
export function generateSessionToken(): string {
  return generateSecretToken();
}

/** Start a session for a person; the row's id is the SHA-256 of the token. */
export function createSession(
  userId: string,
  token: string,
  db: Db = getDb(),
  now: number = Date.now(),
): Session {
  const person = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  if (!person) throw new Error(`createSession: no user with id ${userId}`);
  const policy = getSessionPolicy(person.role);
  const absoluteExpiresAt = now + policy.absoluteMs;
  const session: Session = {
    id: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: Math.min(now + policy.idleMs, absoluteExpiresAt),
    absoluteExpiresAt,
    fresh: true,
  };
  const { fresh: _fresh, ...row } = session;
  db.insert(sessions).values(row).run();
  return session;
}

/**
 * Check a cookie token: unknown, expired or disabled → nothing (and dead rows are removed);
 * otherwise slide the expiry forward (at most once a minute) within the absolute cap.
 */
export function validateSessionToken(token: string, db: Db = getDb(), now: number = Date.now()): SessionValidationResult {
  if (!isWellFormedToken(token)) return { session: null, user: null };
  const sessionId = hashToken(token);
  const found = readSession(db, sessionId, now);
  if (found.state === 'dead') {
    // Best effort: a dead row left behind by a locked database is refused all the same and pruned later.
    skipWhenBusy(db, () => invalidateSession(found.sessionId, db));
    return { session: null, user: null };
  }
  if (found.state === 'missing' || !hashesEqual(found.session.id, sessionId)) return { session: null, user: null };
  const session: Session = { ...found.session, fresh: false };
  if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
    const policy = getSessionPolicy(found.user.role);
    const lastSeenAt = now;
    const expiresAt = Math.min(now + policy.idleMs, session.absoluteExpiresAt);
    // Sliding the expiry is a write on a read request: while another process holds the database lock it
    // is skipped (the session stays valid and slides at the next request), so reading never waits on it.
    const touched = skipWhenBusy(db, () =>
      db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, session.id)).run(),
    );
    if (touched) Object.assign(session, { lastSeenAt, expiresAt, fresh: true });
  }
  return { session, user: found.user };
}

/**
 * Run a write that may be skipped while the database is locked elsewhere; false when it was skipped. It waits
 * for the lock no longer than reads do, even while a write request in flight has raised the connection's busy
 * timeout (openWriteWindow): a read must not wait that long for a write it can do at its next request.
 */
function skipWhenBusy(db: Db, write: () => unknown): boolean {
  return outsideWriteWindow(db.$client, () => {
    try {
      write();
      return true;
    } catch (error) {
      if (isBusyError(error)) return false;
      throw error;
    }
  });
}

/** End one session (logout). */
export function invalidateSession(sessionId: string, db: Db = getDb()): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
  announceRevoked({ sessionId });
}

/** End every session of a person (disabled, password changed, "sign out everywhere"). */
export function invalidateUserSessions(userId: string, db: Db = getDb()): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
  announceRevoked({ userId });
}

export type SessionRevocation = { sessionId: string } | { userId: string };

// The tracking ingest (started by scripts/start.ts, outside Astro's bundle, which has its own copy of
// this module) caches who is behind a cookie for a few seconds. A process-wide symbol lets it hear of
// logouts and disabled people at once, so their beats stop being credited right away in this process.
const LISTENERS = Symbol.for('jisou.sessions.revoked');
type Registry = { [LISTENERS]?: Set<(r: SessionRevocation) => void> };

/** Be told of sessions ended in this process; returns a function that stops listening. */
export function onSessionsRevoked(listener: (r: SessionRevocation) => void): () => void {
  const registry = globalThis as Registry;
  (registry[LISTENERS] ??= new Set()).add(listener);
  return () => registry[LISTENERS]?.delete(listener);
}

function announceRevoked(r: SessionRevocation): void {
  for (const listener of (globalThis as Registry)[LISTENERS] ?? []) listener(r);
}
