import { and, eq, gt, inArray } from 'drizzle-orm';
import { sessions, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { recordAudit, type Actor } from './audit.ts';
import { fail, ok, type Result } from './result.ts';

/** Sessions of this person that have not expired (what "sign out everywhere" would end). */
export function countActiveSessions(db: Db, userId: string, now = Date.now()): number {
  return db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now))).all().length;
}

/** People of an account who can sign in now, and their live sessions: what disabling it takes away. */
export function countAccountReach(db: Db, accountId: string, now = Date.now()): { people: number; sessions: number } {
  const people = db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.accountId, accountId)).all().filter((u) => u.disabledAt === null).map((u) => u.id);
  const live = people.length ? db.select({ id: sessions.id }).from(sessions).where(and(inArray(sessions.userId, people), gt(sessions.expiresAt, now))).all().length : 0;
  return { people: people.length, sessions: live };
}

/** An admin signs a person out on every device (audited); the count says what happened. */
export function endUserSessions(db: Db, userId: string, actor: Actor, now = Date.now()): Result<{ ended: number }> {
  const existing = db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get();
  if (!existing) return fail({ form: 'user_not_found' });
  // Your own sessions end from your profile (this would sign the admin out mid-page).
  if (actor.userId === userId) return fail({ form: 'cannot_change_self' });
  const ended = countActiveSessions(db, userId, now);
  db.transaction(() => {
    invalidateUserSessions(userId, db);
    recordAudit(db, actor, 'user.sessions.end', { type: 'user', id: userId }, { ended }, now);
  });
  return ok({ ended });
}
