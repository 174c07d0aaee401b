import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Identity columns use '' instead of NULL so they can take part in primary keys (SQLite treats NULLs
// in keys as distinct): account_id '' = no account (staff or anonymous visitor), user_id '' = anonymous.

/**
 * Raw tracking events, append-only: the audit trail behind every KPI. `credit_ms` is the server-clamped
 * active time of the event, `claimed_ms` what the browser said. Only retention deletes rows.
 */
export const trackingEvents = sqliteTable(
  'tracking_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Server receive time, epoch ms. */
    at: integer('at').notNull(),
    /** view | beat | video | imp */
    kind: text('kind').notNull(),
    contentKey: text('content_key').notNull(),
    viewId: text('view_id').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    claimedMs: integer('claimed_ms').notNull().default(0),
    creditMs: integer('credit_ms').notNull().default(0),
    /** Small JSON with the event's other fields (scroll depth, video position, ranges). */
    data: text('data'),
  },
  (t) => [index('tracking_events_at').on(t.at)],
);

/** Daily rollup (reporting time zone) per account × user × content. Updated with every batch. */
export const trackingDaily = sqliteTable(
  'tracking_daily',
  {
    day: text('day').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    contentKey: text('content_key').notNull(),
    activeMs: integer('active_ms').notNull().default(0),
    videoMs: integer('video_ms').notNull().default(0),
    views: integer('views').notNull().default(0),
    completions: integer('completions').notNull().default(0),
    impressions: integer('impressions').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.accountId, t.userId, t.contentKey] }),
    index('tracking_daily_content').on(t.contentKey, t.day),
    index('tracking_daily_account').on(t.accountId, t.day),
  ],
);

/** One page view: the clamp cursor that survives restarts, and the reading progress of that view. */
export const trackingViews = sqliteTable('tracking_views', {
  viewId: text('view_id').primaryKey(),
  contentKey: text('content_key').notNull(),
  userId: text('user_id').notNull(),
  accountId: text('account_id').notNull(),
  startedAt: integer('started_at').notNull(),
  /** Wall-clock instant up to which this view has been credited (epoch ms). */
  creditedUntil: integer('credited_until').notNull(),
  videoUntil: integer('video_until').notNull(),
  activeMs: integer('active_ms').notNull().default(0),
  maxDepth: integer('max_depth').notNull().default(0),
  completed: integer('completed', { mode: 'boolean' }).notNull().default(false),
  lastAt: integer('last_at').notNull(),
});

/**
 * Per person × content: lifetime totals, completion, video resume position and watched ranges, and the
 * person's awareness funnel (first impression → first view → first engaged view).
 */
export const trackingProgress = sqliteTable(
  'tracking_progress',
  {
    userId: text('user_id').notNull(),
    contentKey: text('content_key').notNull(),
    accountId: text('account_id').notNull(),
    activeMs: integer('active_ms').notNull().default(0),
    videoMs: integer('video_ms').notNull().default(0),
    /** Video position to resume from, seconds. */
    position: real('position'),
    duration: real('duration'),
    /** Watched ranges [[start, end], …] in seconds, merged. */
    ranges: text('ranges'),
    coveredSeconds: real('covered_seconds').notNull().default(0),
    maxDepth: integer('max_depth').notNull().default(0),
    completedAt: integer('completed_at'),
    firstImpressionAt: integer('first_impression_at'),
    firstViewAt: integer('first_view_at'),
    firstEngagedAt: integer('first_engaged_at'),
    updatedAt: integer('updated_at').notNull(),
    /**
     * The tracking batch (app_meta `tracking_batches`) that last wrote the row: the dashboards read only rows
     * past the last one they read instead of all of them again (kpi/changed-rows.ts).
     */
    changeSeq: integer('change_seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentKey] }), index('tracking_progress_account').on(t.accountId, t.contentKey), index('tracking_progress_change_seq').on(t.changeSeq)],
);

/** Awareness per account × content: when somebody in the account first saw, opened, engaged with it. */
export const trackingAccountAwareness = sqliteTable(
  'tracking_account_awareness',
  {
    accountId: text('account_id').notNull(),
    contentKey: text('content_key').notNull(),
    firstImpressionAt: integer('first_impression_at'),
    firstViewAt: integer('first_view_at'),
    firstEngagedAt: integer('first_engaged_at'),
    /** As tracking_progress.change_seq. */
    changeSeq: integer('change_seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.contentKey] }), index('tracking_account_awareness_change_seq').on(t.changeSeq)],
);

/**
 * Announcement reach: who was shown or opened an announcement (per user; account_id for grouping).
 * Reach of announcement A = count of distinct accounts/users here.
 */
export const trackingAnnouncementReach = sqliteTable(
  'tracking_announcement_reach',
  {
    announcementKey: text('announcement_key').notNull(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    openedAt: integer('opened_at'),
  },
  (t) => [primaryKey({ columns: [t.announcementKey, t.userId] }), index('tracking_reach_account').on(t.announcementKey, t.accountId)],
);

/**
 * A signed-in person's wall clock for viewing-time credit (see src/lib/server/tracking/clamp.ts,
 * PersonClock): credited up to `until`, the newest stretch by page view `view_id`, begun after `before`.
 * Kept in the database and advanced inside the batch writer's transaction, so several app instances on
 * one database clamp one person's beats together, however a load balancer spreads them.
 */
export const trackingPersonClocks = sqliteTable(
  'tracking_person_clocks',
  {
    userId: text('user_id').primaryKey(),
    until: integer('until').notNull(),
    viewId: text('view_id').notNull(),
    before: integer('before').notNull(),
  },
  (t) => [index('tracking_person_clocks_until').on(t.until)],
);

/**
 * Tracking budgets (token buckets, src/lib/server/limits/client-budget.ts) as spent on all instances
 * together: each instance adds what its clients spent since its last batch, inside the batch's transaction,
 * and takes back the combined level. `full_at` is when the bucket is full again: from then on the row
 * says nothing and is pruned.
 */
export const trackingClientBudgets = sqliteTable(
  'tracking_client_budgets',
  {
    key: text('key').primaryKey(),
    tokens: real('tokens').notNull(),
    at: integer('at').notNull(),
    fullAt: integer('full_at').notNull(),
  },
  (t) => [index('tracking_client_budgets_full_at').on(t.fullAt)],
);
