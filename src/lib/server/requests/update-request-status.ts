import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { supportRequests } from '../../../../db/schema/index.ts';
import { requestStatusInput } from '../../../schemas/support-request.ts';
import { recordAudit } from '../accounts/audit.ts';

export type UpdateStatusResult = { ok: true } | { ok: false; status: 400 | 404 };

/** Move a request to open / answered / closed (staff), written to the audit log with who did it. */
export function updateSupportRequestStatus(db: Db, staffUserId: string, fields: Record<string, string>, now = Date.now()): UpdateStatusResult {
  const parsed = requestStatusInput.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400 };
  const { id, status } = parsed.data;
  return db.transaction((tx) => {
    const row = tx.select({ status: supportRequests.status }).from(supportRequests).where(eq(supportRequests.id, id)).get();
    if (!row) return { ok: false, status: 404 } as const;
    if (row.status === status) return { ok: true } as const;
    tx.update(supportRequests).set({ status, updatedAt: now }).where(eq(supportRequests.id, id)).run();
    recordAudit(tx as unknown as Db, { userId: staffUserId, via: 'web' }, 'request.status', { type: 'request', id }, { from: row.status, to: status }, now);
    return { ok: true } as const;
  });
}
