import { eq } from 'drizzle-orm';
import { passwordResets, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { getConfig } from '../config.ts';
import { findUserByEmail } from '../accounts/users.ts';
import { fail, ok, type Result } from '../accounts/result.ts';
import { checkNewPassword, hashPassword } from './password.ts';
import { invalidateUserSessions } from './session.ts';
import { generateSecretToken, hashToken, isWellFormedToken } from './tokens.ts';

const MINUTE = 60_000;

export const resetPath = (token: string) => `/reset-password/${token}`;

/**
 * Create a one-time reset link for an active person, or nothing for unknown/disabled emails; the caller
 * shows the same message either way so the form does not reveal who has an account.
 */
export function createPasswordReset(
  db: Db,
  email: string,
  now = Date.now(),
): { token: string; email: string; locale: 'ja' | 'en'; id: string; expiresAt: number } | null {
  const user = findUserByEmail(db, email);
  if (!user || user.disabledAt !== null) return null;
  const token = generateSecretToken();
  const tokenHash = hashToken(token);
  const expiresAt = now + getConfig().PASSWORD_RESET_TTL_MINUTES * MINUTE;
  db.transaction(() => {
    // Only the newest link works.
    db.delete(passwordResets).where(eq(passwordResets.userId, user.id)).run();
    db.insert(passwordResets).values({ tokenHash, userId: user.id, createdAt: now, expiresAt }).run();
  });
  // `id` names this link without revealing it (the stored hash), e.g. for the mail's idempotency key.
  return { token, email: user.email, locale: user.locale, id: tokenHash, expiresAt };
}

export function findOpenReset(db: Db, token: string, now = Date.now()) {
  if (!isWellFormedToken(token)) return null;
  const row = db.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(token))).get();
  if (!row || row.usedAt !== null || row.expiresAt <= now) return null;
  return row;
}

/** Set the new password, spend the link and end every session of the person. */
export async function resetPassword(db: Db, token: string, password: string, confirm: string, now = Date.now()): Promise<Result<{ email: string }>> {
  const reset = findOpenReset(db, token, now);
  if (!reset) return fail({ form: 'reset_invalid' });
  const user = db.select().from(users).where(eq(users.id, reset.userId)).get();
  if (!user || user.disabledAt !== null) return fail({ form: 'reset_invalid' });
  if (password !== confirm) return fail({ confirm: 'password_mismatch' });
  const problem = checkNewPassword(password, user.email);
  if (problem) return fail({ password: `password_${problem}` });
  const passwordHash = await hashPassword(password);
  return db.transaction(() => {
    const still = db.select({ usedAt: passwordResets.usedAt }).from(passwordResets).where(eq(passwordResets.tokenHash, reset.tokenHash)).get();
    if (!still || still.usedAt !== null) return fail({ form: 'reset_invalid' });
    db.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.tokenHash, reset.tokenHash)).run();
    db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(user.id, db);
    return ok({ email: user.email });
  });
}
