import type { Db } from '../../../../db/client.ts';
import type { Locale } from '../../../schemas/common.ts';
import { getConfig } from '../config.ts';
import { findAutoAssignAccount } from '../accounts/accounts.ts';
import { createInvitation, invitationPath } from '../accounts/invitations.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { publicUrl } from '../origin/public-origin.ts';
import { createPasswordReset, resetPath } from './password-reset.ts';
import { checkRateLimit, recordAttempt, type LimitState } from './rate-limit.ts';

/** Requests that send mail (reset, sign-up) are limited per IP and per email, like sign-in. */
function limitMailRequest(db: Db, kind: string, ip: string, email: string, now: number): LimitState {
  const c = getConfig();
  const windowMs = c.LOGIN_WINDOW_MINUTES * 60_000;
  const byIp = recordAttempt(db, `${kind}-ip:${ip}`, { max: c.LOGIN_MAX_FAILURES_PER_IP, windowMs }, now);
  if (byIp.blocked) return byIp;
  return recordAttempt(db, `${kind}-email:${email}`, { max: 5, windowMs }, now);
}

/**
 * "Forgot password": queue a one-time link for an active person, in their language. The answer is the
 * same whether or not the email belongs to someone, and never waits for SMTP (the outbox sends it), so
 * neither the words nor the timing tell who has an account. The link is built from PUBLIC_ORIGIN, never
 * from the request.
 */
export function requestPasswordReset(db: Db, email: string, ip: string, _locale: Locale, now = Date.now()): LimitState {
  const limit = limitMailRequest(db, 'reset', ip, email, now);
  if (limit.blocked) return limit;
  const minutes = getConfig().PASSWORD_RESET_TTL_MINUTES;
  // The link and its mail are one decision: both are committed or neither.
  db.transaction(() => {
    const reset = createPasswordReset(db, email, now);
    if (!reset) return;
    enqueueMail(
      db,
      {
        to: reset.email,
        template: 'password-reset',
        locale: reset.locale,
        payload: { link: publicUrl(resetPath(reset.token)), minutes },
        idempotencyKey: `password-reset:${reset.id}`,
        expiresAt: reset.expiresAt,
      },
      now,
    );
  });
  return { blocked: false };
}

/**
 * Self sign-up: only for emails whose domain belongs to an account that opted in to auto-assignment.
 * Such people get an invitation link by mail (proving they own the address), in the language of the page
 * they signed up on; everyone else gets the same neutral answer, so the form reveals neither accounts nor
 * registered emails.
 */
export function requestSignUp(db: Db, email: string, ip: string, locale: Locale, now = Date.now()): LimitState {
  const limit = limitMailRequest(db, 'signup', ip, email, now);
  if (limit.blocked) return limit;
  const account = findAutoAssignAccount(db, email);
  if (!account || findUserByEmail(db, email)) return { blocked: false };
  db.transaction(() => {
    const created = createInvitation(db, { email, role: 'customer', account: account.slug }, { userId: null, via: 'self' }, now);
    if (!created.ok) return;
    const { invitation, token } = created.value;
    enqueueMail(
      db,
      {
        to: email,
        template: 'sign-up',
        locale,
        payload: { link: publicUrl(invitationPath(token)), days: getConfig().INVITATION_TTL_DAYS },
        idempotencyKey: `sign-up:${invitation.id}`,
        expiresAt: invitation.expiresAt,
      },
      now,
    );
  });
  return { blocked: false };
}

/**
 * One-time links (invitation, password reset) are 160-bit secrets, but guessing still costs attempts:
 * each unknown link counts against the client IP, and a blocked IP gets 429 on every link page.
 */
export function tokenLinkLimit(db: Db, ip: string, now = Date.now()): LimitState {
  return checkRateLimit(db, `link-ip:${ip}`, now);
}

export function recordUnknownTokenLink(db: Db, ip: string, now = Date.now()): void {
  const c = getConfig();
  recordAttempt(db, `link-ip:${ip}`, { max: c.LOGIN_MAX_FAILURES_PER_IP, windowMs: c.LOGIN_WINDOW_MINUTES * 60_000 }, now);
}
