import { bigint, boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.ts';

/**
 * A success story or user-group talk a customer offers to share. Staff review it; accepting writes a
 * case-study draft (MDX, `draft: true`) for an author to finish and marks the account as presenting its success.
 */
export const successStories = pgTable(
  'success_stories',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['case-study', 'talk'] }).notNull(),
    title: text('title').notNull(),
    /** What they achieved, in their words. */
    story: text('story').notNull(),
    /** JSON list of { label, value, before? }: the figures behind it. */
    results: text('results').notNull().default('[]'),
    industry: text('industry'),
    /** The customer agrees to the story being published under their company name. */
    consent: boolean('consent').notNull(),
    status: text('status', { enum: ['proposed', 'accepted', 'declined'] }).notNull().default('proposed'),
    /** Project-relative path of the case-study draft written on acceptance. */
    draftFile: text('draft_file'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: bigint('reviewed_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('success_stories_status').on(t.status, t.createdAt), index('success_stories_account').on(t.accountId)],
);

/** Stage A set by hand: a manager marks an account as presenting its success, with the reason (audited). */
export const accountSuccessMarks = pgTable('account_success_marks', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
  markedBy: text('marked_by'),
  markedAt: bigint('marked_at', { mode: 'number' }).notNull(),
});
