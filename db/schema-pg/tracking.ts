import { bigint, boolean, doublePrecision, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';

// Identity columns use '' instead of NULL so they can take part in primary keys (SQLite treats NULLs
// in keys as distinct): account_id '' = no account (staff or anonymous visitor), user_id '' = anonymous.

/**
 * Raw tracking events, append-only: the audit trail behind every KPI. `credit_ms` is the server-clamped
 * active time of the event, `claimed_ms` what the browser said. Only retention deletes rows.
 */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Server receive time, epoch ms. */
    at: bigint('at', { mode: 'number' }).notNull(),
    /** view | beat | video | imp */
    kind: text('kind').notNull(),
    contentKey: text('content_key').notNull(),
    viewId: text('view_id').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    claimedMs: bigint('claimed_ms', { mode: 'number' }).notNull().default(0),
    creditMs: bigint('credit_ms', { mode: 'number' }).notNull().default(0),
    /** Small JSON with the event's other fields (scroll depth, video position, ranges). */
    data: text('data'),
  },
  (t) => [index('tracking_events_at').on(t.at)],
);

/** Daily rollup (reporting time zone) per account × user × content. Updated with every batch. */
export const trackingDaily = pgTable(
  'tracking_daily',
  {
    day: text('day').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    contentKey: text('content_key').notNull(),
    activeMs: bigint('active_ms', { mode: 'number' }).notNull().default(0),
    videoMs: bigint('video_ms', { mode: 'number' }).notNull().default(0),
    views: bigint('views', { mode: 'number' }).notNull().default(0),
    completions: bigint('completions', { mode: 'number' }).notNull().default(0),
    impressions: bigint('impressions', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.accountId, t.userId, t.contentKey] }),
    index('tracking_daily_content').on(t.contentKey, t.day),
    index('tracking_daily_account').on(t.accountId, t.day),
  ],
);

/** One page view: the clamp cursor that survives restarts, and the reading progress of that view. */
export const trackingViews = pgTable('tracking_views', {
  viewId: text('view_id').primaryKey(),
  contentKey: text('content_key').notNull(),
  userId: text('user_id').notNull(),
  accountId: text('account_id').notNull(),
  startedAt: bigint('started_at', { mode: 'number' }).notNull(),
  /** Wall-clock instant up to which this view has been credited (epoch ms). */
  creditedUntil: bigint('credited_until', { mode: 'number' }).notNull(),
  videoUntil: bigint('video_until', { mode: 'number' }).notNull(),
  activeMs: bigint('active_ms', { mode: 'number' }).notNull().default(0),
  maxDepth: bigint('max_depth', { mode: 'number' }).notNull().default(0),
  completed: boolean('completed').notNull().default(false),
  lastAt: bigint('last_at', { mode: 'number' }).notNull(),
});

/**
 * Per person × content: lifetime totals, completion, video resume position and watched ranges, and the
 * person's awareness funnel (first impression → first view → first engaged view).
 */
export const trackingProgress = pgTable(
  'tracking_progress',
  {
    userId: text('user_id').notNull(),
    contentKey: text('content_key').notNull(),
    accountId: text('account_id').notNull(),
    activeMs: bigint('active_ms', { mode: 'number' }).notNull().default(0),
    videoMs: bigint('video_ms', { mode: 'number' }).notNull().default(0),
    /** Video position to resume from, seconds. */
    position: doublePrecision('position'),
    duration: doublePrecision('duration'),
    /** Watched ranges [[start, end], …] in seconds, merged. */
    ranges: text('ranges'),
    coveredSeconds: doublePrecision('covered_seconds').notNull().default(0),
    maxDepth: bigint('max_depth', { mode: 'number' }).notNull().default(0),
    completedAt: bigint('completed_at', { mode: 'number' }),
    firstImpressionAt: bigint('first_impression_at', { mode: 'number' }),
    firstViewAt: bigint('first_view_at', { mode: 'number' }),
    firstEngagedAt: bigint('first_engaged_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    /**
     * The tracking batch (app_meta `tracking_batches`) that last wrote the row: the dashboards read only rows
     * past the last one they read instead of all of them again (kpi/changed-rows.ts).
     */
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentKey] }), index('tracking_progress_account').on(t.accountId, t.contentKey), index('tracking_progress_change_seq').on(t.changeSeq)],
);

/** Awareness per account × content: when somebody in the account first saw, opened, engaged with it. */
export const trackingAccountAwareness = pgTable(
  'tracking_account_awareness',
  {
    accountId: text('account_id').notNull(),
    contentKey: text('content_key').notNull(),
    firstImpressionAt: bigint('first_impression_at', { mode: 'number' }),
    firstViewAt: bigint('first_view_at', { mode: 'number' }),
    firstEngagedAt: bigint('first_engaged_at', { mode: 'number' }),
    /** As tracking_progress.change_seq. */
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.contentKey] }), index('tracking_account_awareness_change_seq').on(t.changeSeq)],
);

/**
 * Announcement reach: who was shown or opened an announcement (per user; account_id for grouping).
 * Reach of announcement A = count of distinct accounts/users here.
 */
export const trackingAnnouncementReach = pgTable(
  'tracking_announcement_reach',
  {
    announcementKey: text('announcement_key').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    firstSeenAt: bigint('first_seen_at', { mode: 'number' }).notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.announcementKey, t.userId] }), index('tracking_reach_account').on(t.announcementKey, t.accountId)],
);

/** A signed-in person's wall clock for viewing-time credit: the twin of db/schema/tracking.ts. */
export const trackingPersonClocks = pgTable(
  'tracking_person_clocks',
  {
    userId: text('user_id').primaryKey(),
    until: bigint('until', { mode: 'number' }).notNull(),
    viewId: text('view_id').notNull(),
    before: bigint('before', { mode: 'number' }).notNull(),
  },
  (t) => [index('tracking_person_clocks_until').on(t.until)],
);

/** Tracking budgets as spent on all instances together: the twin of db/schema/tracking.ts. */
export const trackingClientBudgets = pgTable(
  'tracking_client_budgets',
  {
    key: text('key').primaryKey(),
    tokens: doublePrecision('tokens').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    fullAt: bigint('full_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('tracking_client_budgets_full_at').on(t.fullAt)],
);
