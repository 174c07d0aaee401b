import { eq } from 'drizzle-orm';
import { accounts, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { getDummyHash, verifyPassword } from './password.ts';
import { clearRateLimit, releaseAttempt, reserveAttempt, type LimitKey } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';
import { pruneExpiredAuthState } from './prune-expired.ts';
import { issueKnownDevice, verifyKnownDevice, type KnownDevice } from './known-device.ts';

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string;
  /** The browser's known-device cookie, if it sent one. */
  knownDevice?: string;
}

export type SignInResult =
  | { ok: true; token: string; session: Session; userId: string; knownDevice: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Which counters an attempt is charged to. A browser that signed in as this person before (a valid
 * known-device cookie) has only its own counter, with waits that double up to a small cap: it is
 * slowed, never locked out, and strangers cannot touch that counter. Every other client counts against
 * its IP (many emails from one place) and against the email (one person guessed at from anywhere); when
 * those are exceeded it gets 429 for a window.
 */
function attemptKeys(email: string, ip: string, device: KnownDevice | null): { ip?: LimitKey; email?: LimitKey; device?: LimitKey } {
  const c = getConfig();
  const windowMs = c.LOGIN_WINDOW_MINUTES * 60_000;
  if (device) {
    const cap = c.LOGIN_KNOWN_DEVICE_MAX_DELAY_SECONDS * 1000;
    const max = c.LOGIN_MAX_FAILURES_PER_EMAIL;
    const blockMs = (count: number) => Math.min(cap, 1000 * 2 ** Math.min(20, count - max));
    return { device: { key: `login-device:${device.deviceId}`, limit: { max, windowMs, blockMs } } };
  }
  return {
    ip: { key: `login-ip:${ip}`, limit: { max: c.LOGIN_MAX_FAILURES_PER_IP, windowMs } },
    email: { key: `login-email:${email}`, limit: { max: c.LOGIN_MAX_FAILURES_PER_EMAIL, windowMs } },
  };
}

/**
 * Check email + password and open a new session (a fresh token at every sign-in). The attempt is
 * counted before the password is checked (so parallel guesses cannot outrun the limit) and given back
 * when it succeeds. Unknown emails, wrong passwords and disabled people all give the same answer after
 * the same argon2 work, so responses do not reveal who has an account.
 */
export async function signIn(db: Db, attempt: SignInAttempt, now = Date.now()): Promise<SignInResult> {
  pruneExpiredAuthState(db, now);
  const email = attempt.email.trim().toLowerCase();
  const user = email ? findUserByEmail(db, email) : null;
  const device = user ? verifyKnownDevice(attempt.knownDevice, user, now) : null;
  const keys = attemptKeys(email, attempt.ip, device);
  const reserved = reserveAttempt(db, Object.values(keys), now);
  if (reserved.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: reserved.retryAfterSeconds };

  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, attempt.password) : (await verifyPassword(await getDummyHash(), attempt.password), false);
  let usable = valid && user !== null && user.disabledAt === null;
  if (usable && user?.accountId) {
    const account = db.select({ disabledAt: accounts.disabledAt }).from(accounts).where(eq(accounts.id, user.accountId)).get();
    usable = account !== undefined && account.disabledAt === null;
  }
  // A failure stays counted: it was reserved above.
  if (!usable || !user?.passwordHash) return { ok: false, reason: 'invalid' };
  // Success: the person's own counters start again; the IP only gets this one attempt back (other
  // people behind the same address may still be guessing).
  if (keys.ip) releaseAttempt(db, keys.ip, now);
  if (keys.email) clearRateLimit(db, keys.email.key);
  if (keys.device) clearRateLimit(db, keys.device.key);
  const token = generateSessionToken();
  const session = createSession(user.id, token, db, now);
  db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id)).run();
  return { ok: true, token, session, userId: user.id, knownDevice: issueKnownDevice(user.id, user.passwordHash, now) };
}

/** Client address for rate limits: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  if (['true', '1'].includes(getConfig().TRUST_PROXY)) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return socketAddress ?? 'unknown';
}
