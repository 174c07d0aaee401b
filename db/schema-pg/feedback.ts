import { bigint, boolean, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.ts';

/**
 * "Was this page helpful?" — one answer per person per item, changeable (the row is updated, never
 * duplicated). The account is stored so per-account figures survive a person moving accounts.
 */
export const itemFeedback = pgTable(
  'item_feedback',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    contentKey: text('content_key').notNull(),
    helpful: boolean('helpful').notNull(),
    /** Optional, at most 1,000 characters; shown to staff without the person's name or email. */
    comment: text('comment'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentKey] }), index('item_feedback_key').on(t.contentKey, t.updatedAt)],
);
