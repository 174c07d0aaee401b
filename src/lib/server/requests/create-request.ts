import { randomUUID } from 'node:crypto';
import type { Db } from '../../../../db/client.ts';
import { supportRequests } from '../../../../db/schema/index.ts';
import { isStaff, type Viewer } from '../../access.ts';
import { supportRequestInput } from '../../../schemas/support-request.ts';
import { recordGap } from '../search/gaps.ts';
import { safeNextPath } from '../http/safe-redirect.ts';
import { queueRequestMailToCsm } from './queue-request-mail.ts';

export type CreateRequestResult =
  | { ok: true; id: string }
  | { ok: false; status: 400 | 401 | 403; errors: Record<string, string> };

/**
 * Store a customer's request to their CS team and queue a mail to the account's CSM (outbox). A content
 * request ("I could not find…") also counts its search words in the content-gap list, which keeps no name
 * or account. Nothing is written on refusal.
 */
export function createSupportRequest(db: Db, viewer: Viewer | null, fields: Record<string, string>, now = Date.now()): CreateRequestResult {
  if (!viewer) return { ok: false, status: 401, errors: { form: 'sign_in' } };
  if (isStaff(viewer) || !viewer.accountId) return { ok: false, status: 403, errors: { form: 'customers_only' } };
  const parsed = supportRequestInput.safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, status: 400, errors };
  }
  const input = parsed.data;
  const path = input.page ? safeNextPath(input.page, '') : '';
  const page = path ? path.split(/[?#]/)[0]! : null;
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(supportRequests)
      .values({ id, accountId: viewer.accountId!, userId: viewer.userId, topic: input.topic, message: input.message, page, status: 'open', createdAt: now, updatedAt: now })
      .run();
    if (input.topic === 'content' && input.lookingFor?.trim()) recordGap(tx as unknown as Db, input.lookingFor, 'request', new Date(now));
    // In the same transaction: the CSM's mail is never lost, nor sent for a request that was not stored.
    queueRequestMailToCsm(tx as unknown as Db, { id, accountId: viewer.accountId!, topic: input.topic, message: input.message }, now);
  });
  return { ok: true, id };
}
