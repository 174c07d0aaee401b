import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Engage (src/lib/server/engage/): what people want to receive, what was sent on whose behalf, and what
// they did with it. Times are integer milliseconds since the epoch.

/**
 * Per-person mail choices. No row = the defaults (announcements immediately, nudges on, alerts
 * immediately). Only the person themself changes it (profile page or a signed unsubscribe link).
 */
export const mailPreferences = sqliteTable('mail_preferences', {
  userId: text('user_id').primaryKey(),
  /** Customer mail: announcements `immediate` | `weekly` (digest) | `off`. */
  announcements: text('announcements', { enum: ['immediate', 'weekly', 'off'] }).notNull().default('immediate'),
  /** Customer mail: play nudges on/off. */
  nudges: integer('nudges', { mode: 'boolean' }).notNull().default(true),
  /** Staff mail (CSMs): new alerts of their accounts `immediate` | `daily` (digest) | `off`. */
  alerts: text('alerts', { enum: ['immediate', 'daily', 'off'] }).notNull().default('immediate'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One row per mail sent on behalf of an announcement, a play, a digest or an alert, per person: the link
 * from a decision to its outbox row (same idempotency key), so reach and results can be counted per source.
 */
export const engageSends = sqliteTable(
  'engage_sends',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    /** `announcement` | `announcement-digest` | `play` | `alert` | `alert-digest` | `test`. */
    sourceKind: text('source_kind').notNull(),
    /** Announcement key, play key, or `digest`. */
    sourceKey: text('source_key').notNull(),
    userId: text('user_id').notNull(),
    /** Customer's account ('' for staff). */
    accountId: text('account_id').notNull(),
    /** JSON array of the content keys the mail links to. */
    itemKeys: text('item_keys').notNull().default('[]'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('engage_sends_source_idx').on(t.sourceKind, t.sourceKey), index('engage_sends_user_idx').on(t.userId)],
);

/** Clicks on tracked links (/r/<token>): one row per click, the first of a person × item credits awareness. */
export const engageClicks = sqliteTable(
  'engage_clicks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    itemKey: text('item_key').notNull(),
    sourceKind: text('source_kind').notNull(),
    sourceKey: text('source_key').notNull(),
    /** Always `email` today; the column keeps the funnel by channel open for others. */
    channel: text('channel').notNull().default('email'),
    clickedAt: integer('clicked_at').notNull(),
  },
  (t) => [index('engage_clicks_source_idx').on(t.sourceKind, t.sourceKey), index('engage_clicks_item_idx').on(t.itemKey, t.userId)],
);

/** Announcements already handed to the email channel (each is mailed once, when its publishedAt has come). */
export const engageAnnouncementRuns = sqliteTable('engage_announcement_runs', {
  announcementKey: text('announcement_key').primaryKey(),
  processedAt: integer('processed_at').notNull(),
  queued: integer('queued').notNull(),
  digested: integer('digested').notNull(),
  skipped: integer('skipped').notNull(),
});

/** Announcements waiting for a person's weekly digest. */
export const engageDigestItems = sqliteTable(
  'engage_digest_items',
  {
    userId: text('user_id').notNull(),
    announcementKey: text('announcement_key').notNull(),
    addedAt: integer('added_at').notNull(),
    /** Idempotency key of the digest mail that carried it; null while waiting. */
    digestKey: text('digest_key'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.announcementKey] })],
);

/** Each evaluation of a play (scheduled or run-once): when, and what it did. */
export const engagePlayRuns = sqliteTable(
  'engage_play_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    playKey: text('play_key').notNull(),
    ranAt: integer('ran_at').notNull(),
    /** `ran` | `quiet-hours`. */
    outcome: text('outcome').notNull(),
    accounts: integer('accounts').notNull(),
    queued: integer('queued').notNull(),
  },
  (t) => [index('engage_play_runs_play_idx').on(t.playKey, t.ranAt)],
);

/** A play fired for an account (its cooldown counts from here). */
export const engagePlayFires = sqliteTable(
  'engage_play_fires',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    playKey: text('play_key').notNull(),
    accountId: text('account_id').notNull(),
    firedAt: integer('fired_at').notNull(),
    recipients: integer('recipients').notNull(),
  },
  (t) => [index('engage_play_fires_idx').on(t.playKey, t.accountId, t.firedAt)],
);

/** New alerts waiting for a CSM's daily digest (CSMs who chose `daily`). */
export const engageAlertNotices = sqliteTable(
  'engage_alert_notices',
  {
    alertId: integer('alert_id').notNull(),
    csmUserId: text('csm_user_id').notNull(),
    createdAt: integer('created_at').notNull(),
    digestKey: text('digest_key'),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.csmUserId] })],
);
