import { and, eq, ne } from 'drizzle-orm';
import { sessions, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { checkNewPassword, hashPassword, verifyPassword } from '../auth/password.ts';
import { fail, ok, type Result } from './result.ts';

export function updateProfile(db: Db, userId: string, input: { name: string; locale: 'ja' | 'en' }, now = Date.now()): Result<null> {
  db.update(users).set({ name: input.name, locale: input.locale, updatedAt: now }).where(eq(users.id, userId)).run();
  return ok(null);
}

/**
 * Change one's own password after proving the current one. With `signOutOthers`, every other session
 * of the person ends (the current one stays, so they are not thrown out of the page they are on).
 */
export async function changePassword(
  db: Db,
  userId: string,
  currentSessionId: string,
  input: { current: string; password: string; confirm: string; signOutOthers: boolean },
  now = Date.now(),
): Promise<Result<null>> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) return fail({ current: 'current_password_wrong' });
  if (input.password !== input.confirm) return fail({ confirm: 'password_mismatch' });
  const problem = checkNewPassword(input.password, user.email);
  if (problem) return fail({ password: `password_${problem}` });
  if (input.password === input.current) return fail({ password: 'password_same' });
  const passwordHash = await hashPassword(input.password);
  db.transaction(() => {
    db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
    if (input.signOutOthers) db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId))).run();
  });
  return ok(null);
}

/** How many sessions the person has open besides this one (shown next to "sign out my other sessions"). */
export function countOtherSessions(db: Db, userId: string, currentSessionId: string, now = Date.now()): number {
  return db.select({ id: sessions.id, expiresAt: sessions.expiresAt }).from(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId))).all().filter((s) => s.expiresAt > now).length;
}
