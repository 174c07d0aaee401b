import { eq } from 'drizzle-orm';
import { accounts, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { getDummyHash, verifyPassword } from './password.ts';
import { checkRateLimit, clearRateLimit, recordAttempt, type Limit } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';
import { pruneExpiredAuthState } from './prune-expired.ts';

export type SignInResult =
  | { ok: true; token: string; session: Session; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

function limits(): { ip: Limit; email: Limit } {
  const c = getConfig();
  const windowMs = c.LOGIN_WINDOW_MINUTES * 60_000;
  return { ip: { max: c.LOGIN_MAX_FAILURES_PER_IP, windowMs }, email: { max: c.LOGIN_MAX_FAILURES_PER_EMAIL, windowMs } };
}

/**
 * Check email + password and open a new session (a fresh token at every sign-in). Failures are counted
 * per client IP and per email in SQLite; unknown emails, wrong passwords and disabled people all give
 * the same answer after the same argon2 work, so responses do not reveal who has an account.
 */
export async function signIn(db: Db, email: string, password: string, ip: string, now = Date.now()): Promise<SignInResult> {
  pruneExpiredAuthState(db, now);
  const ipKey = `login-ip:${ip}`;
  const emailKey = `login-email:${email.trim().toLowerCase()}`;
  for (const key of [ipKey, emailKey]) {
    const state = checkRateLimit(db, key, now);
    if (state.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: state.retryAfterSeconds };
  }
  const user = email ? findUserByEmail(db, email) : null;
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await getDummyHash(), password), false);
  let usable = valid && user !== null && user.disabledAt === null;
  if (usable && user?.accountId) {
    const account = db.select({ disabledAt: accounts.disabledAt }).from(accounts).where(eq(accounts.id, user.accountId)).get();
    usable = account !== undefined && account.disabledAt === null;
  }
  if (!usable || !user) {
    const l = limits();
    recordAttempt(db, ipKey, l.ip, now);
    recordAttempt(db, emailKey, l.email, now);
    return { ok: false, reason: 'invalid' };
  }
  clearRateLimit(db, emailKey);
  const token = generateSessionToken();
  const session = createSession(user.id, token, db, now);
  db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id)).run();
  return { ok: true, token, session, userId: user.id };
}

/** Client address for rate limits: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  if (['true', '1'].includes(getConfig().TRUST_PROXY)) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return socketAddress ?? 'unknown';
}
