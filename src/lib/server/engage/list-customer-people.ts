import { and, inArray, isNull, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, users } from '../../../../db/schema/index.ts';
import type { Viewer } from '../../access.ts';
import type { Locale } from '../../../schemas/common.ts';

export interface CustomerPerson {
  userId: string;
  email: string;
  locale: Locale;
  role: 'customer' | 'customer-admin';
  accountId: string;
  accountName: string;
  segment: 'high' | 'low' | 'tech';
  plan: string;
  csmUserId: string | null;
}

/** Active customer people of active accounts (optionally one account), who may receive customer mail. */
export function listCustomerPeople(db: Db, accountId?: string): CustomerPerson[] {
  return db
    .select({
      userId: users.id, email: users.email, locale: users.locale, role: users.role, accountId: accounts.id, accountName: accounts.name,
      segment: accounts.segment, plan: accounts.plan, csmUserId: accounts.csmUserId,
    })
    .from(users)
    .innerJoin(accounts, eq(users.accountId, accounts.id))
    .where(and(inArray(users.role, ['customer', 'customer-admin']), isNull(users.disabledAt), isNull(accounts.disabledAt), accountId ? eq(accounts.id, accountId) : undefined))
    .orderBy(users.id)
    .all() as CustomerPerson[];
}

export function viewerOf(p: CustomerPerson): Viewer {
  return { userId: p.userId, role: p.role, accountId: p.accountId, segment: p.segment, plan: p.plan };
}
