import { bigint, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

/** Staff chose which roadmap applies to an account (overrides the audience rule and the default; audited). */
export const accountRoadmaps = pgTable('account_roadmaps', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  roadmapKey: text('roadmap_key').notNull(),
  setBy: text('set_by'),
  setAt: bigint('set_at', { mode: 'number' }).notNull(),
});

/**
 * One done action of an account's roadmap: who, when, how. `content` and `event` rows are written when the
 * progress is recomputed from tracking and attendance (by = null); `confirm` rows by the person who ticked.
 */
export const roadmapProgress = pgTable(
  'roadmap_progress',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roadmapKey: text('roadmap_key').notNull(),
    actionId: text('action_id').notNull(),
    /** content | confirm | event */
    how: text('how', { enum: ['content', 'confirm', 'event'] }).notNull(),
    doneAt: bigint('done_at', { mode: 'number' }).notNull(),
    /** The person who ticked (confirm), null when computed. */
    doneBy: text('done_by'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.roadmapKey, t.actionId] }), index('roadmap_progress_roadmap').on(t.roadmapKey, t.actionId)],
);
