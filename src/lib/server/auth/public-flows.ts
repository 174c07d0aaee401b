import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { findAutoAssignAccount } from '../accounts/accounts.ts';
import { createInvitation, invitationPath } from '../accounts/invitations.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { createPasswordReset, resetPath } from './password-reset.ts';
import { absoluteUrl, sendMail } from './mailer.ts';
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
 * "Forgot password": mail a one-time link when the email belongs to an active person. The answer is the
 * same whether or not it does.
 */
export async function requestPasswordReset(db: Db, email: string, ip: string, origin: string, now = Date.now()): Promise<LimitState> {
  const limit = limitMailRequest(db, 'reset', ip, email, now);
  if (limit.blocked) return limit;
  const reset = createPasswordReset(db, email, now);
  if (reset) {
    const link = absoluteUrl(resetPath(reset.token), origin);
    await sendMail({
      to: reset.email,
      subject: 'Jisou: パスワードの再設定 / Reset your password',
      text: `パスワードを再設定するには次のリンクを開いてください(${getConfig().PASSWORD_RESET_TTL_MINUTES}分間有効、1回限り)。\nOpen this link to set a new password (valid once, for ${getConfig().PASSWORD_RESET_TTL_MINUTES} minutes):\n${link}\n`,
    });
  }
  return { blocked: false };
}

/**
 * Self sign-up: only for emails whose domain belongs to an account that opted in to auto-assignment.
 * Such people get an invitation link by mail (proving they own the address); everyone else gets the same
 * neutral answer, so the form reveals neither accounts nor registered emails.
 */
export async function requestSignUp(db: Db, email: string, ip: string, origin: string, now = Date.now()): Promise<LimitState> {
  const limit = limitMailRequest(db, 'signup', ip, email, now);
  if (limit.blocked) return limit;
  const account = findAutoAssignAccount(db, email);
  if (!account || findUserByEmail(db, email)) return { blocked: false };
  const created = createInvitation(db, { email, role: 'customer', account: account.slug }, { userId: null, via: 'self' }, now);
  if (created.ok) {
    const link = absoluteUrl(invitationPath(created.value.token), origin);
    await sendMail({
      to: email,
      subject: 'Jisou: アカウントの登録 / Finish signing up',
      text: `次のリンクから名前とパスワードを設定して登録を完了してください(1回限り)。\nOpen this link to set your name and password (valid once):\n${link}\n`,
    });
  }
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
