import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.ts';

/**
 * 「困ったときは / Contact us」: a customer's question, problem or content request to their CS team, with the
 * page it came from and a status staff move along (open → answered → closed).
 */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    topic: text('topic', { enum: ['question', 'problem', 'content', 'other'] }).notNull(),
    message: text('message').notNull(),
    /** Path of the portal page the person came from (no query string), if any. */
    page: text('page'),
    status: text('status', { enum: ['open', 'answered', 'closed'] }).notNull().default('open'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('support_requests_status').on(t.status, t.createdAt), index('support_requests_account').on(t.accountId, t.createdAt)],
);
