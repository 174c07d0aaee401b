import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, supportRequests, users } from '../../../../db/schema/index.ts';
import { REQUEST_STATUSES } from '../../../schemas/support-request.ts';

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface SupportRequestRow {
  id: string;
  accountId: string | null;
  accountName: string | null;
  personName: string | null;
  personEmail: string | null;
  topic: string;
  message: string;
  page: string | null;
  status: RequestStatus;
  createdAt: number;
  updatedAt: number;
}

/**
 * Requests newest first, optionally of one status, one account or one person. Staff callers see the
 * person's name and email (they answer them); a customer sees only their own requests (`userId`).
 */
export function listSupportRequests(db: Db, filter: { status?: RequestStatus; accountId?: string; userId?: string; limit?: number } = {}): SupportRequestRow[] {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(supportRequests.status, filter.status));
  if (filter.accountId) where.push(eq(supportRequests.accountId, filter.accountId));
  if (filter.userId) where.push(eq(supportRequests.userId, filter.userId));
  return db
    .select({
      id: supportRequests.id, accountId: supportRequests.accountId, accountName: accounts.name, personName: users.name, personEmail: users.email,
      topic: supportRequests.topic, message: supportRequests.message, page: supportRequests.page, status: supportRequests.status,
      createdAt: supportRequests.createdAt, updatedAt: supportRequests.updatedAt,
    })
    .from(supportRequests)
    .leftJoin(accounts, eq(accounts.id, supportRequests.accountId))
    .leftJoin(users, eq(users.id, supportRequests.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(supportRequests.createdAt))
    .limit(filter.limit ?? 200)
    .all();
}

/** Open / answered / closed counts, for the tabs of /manage/requests. */
export function countSupportRequests(db: Db): Record<RequestStatus, number> {
  const out: Record<RequestStatus, number> = { open: 0, answered: 0, closed: 0 };
  const rows = db.select({ status: supportRequests.status, n: count() }).from(supportRequests).groupBy(supportRequests.status).all();
  for (const r of rows) out[r.status] = r.n;
  return out;
}
