import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../../db/client.ts';
import { accountSuccessMarks, accounts, users } from '../../../../db/schema/index.ts';
import { recordAudit } from '../accounts/audit.ts';

const markInput = z.object({
  intent: z.enum(['mark-success', 'clear-success']),
  reason: z.string().trim().max(300, 'reason_too_long').optional(),
});

export interface SuccessMark {
  accountId: string;
  reason: string;
  markedByName: string | null;
  markedAt: number;
}

export type MarkResult = { ok: true } | { ok: false; status: 400 | 404; code: string };

/**
 * Stage A by hand: a manager marks an account as presenting its success (a talk given, a story published
 * elsewhere), with the reason, or removes the mark. Both are written to the audit log.
 */
export function setSuccessMark(db: Db, staffUserId: string, accountId: string, fields: Record<string, string>, now = Date.now()): MarkResult {
  const parsed = markInput.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400, code: parsed.error.issues[0]?.message === 'reason_too_long' ? 'reason_too_long' : 'invalid' };
  if (!db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).get()) return { ok: false, status: 404, code: 'unknown_account' };
  const actor = { userId: staffUserId, via: 'web' as const };
  if (parsed.data.intent === 'clear-success') {
    db.transaction((tx) => {
      tx.delete(accountSuccessMarks).where(eq(accountSuccessMarks.accountId, accountId)).run();
      recordAudit(tx as unknown as Db, actor, 'account.success.clear', { type: 'account', id: accountId }, {}, now);
    });
    return { ok: true };
  }
  const reason = parsed.data.reason ?? '';
  if (!reason) return { ok: false, status: 400, code: 'reason_required' };
  db.transaction((tx) => {
    tx.insert(accountSuccessMarks).values({ accountId, reason, markedBy: staffUserId, markedAt: now })
      .onConflictDoUpdate({ target: accountSuccessMarks.accountId, set: { reason, markedBy: staffUserId, markedAt: now } }).run();
    recordAudit(tx as unknown as Db, actor, 'account.success.mark', { type: 'account', id: accountId }, { reason }, now);
  });
  return { ok: true };
}

/** Every mark (the stage rules read them once per dashboard request). */
export function listSuccessMarks(db: Db): SuccessMark[] {
  return db
    .select({ accountId: accountSuccessMarks.accountId, reason: accountSuccessMarks.reason, markedByName: users.name, markedAt: accountSuccessMarks.markedAt })
    .from(accountSuccessMarks)
    .leftJoin(users, eq(users.id, accountSuccessMarks.markedBy))
    .all();
}
