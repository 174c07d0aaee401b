import { bigint, boolean, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';

// Engage (src/lib/server/engage/): what people want to receive, what was sent on whose behalf, and what
// they did with it. Times are integer milliseconds since the epoch.

/**
 * Per-person mail choices. No row = the defaults (announcements immediately, nudges on, alerts
 * immediately). Only the person themself changes it (profile page or a signed unsubscribe link).
 */
export const mailPreferences = pgTable('mail_preferences', {
  userId: text('user_id').primaryKey(),
  /** Customer mail: announcements `immediate` | `weekly` (digest) | `off`. */
  announcements: text('announcements', { enum: ['immediate', 'weekly', 'off'] }).notNull().default('immediate'),
  /** Customer mail: play nudges on/off. */
  nudges: boolean('nudges').notNull().default(true),
  /** Staff mail (CSMs): new alerts of their accounts `immediate` | `daily` (digest) | `off`. */
  alerts: text('alerts', { enum: ['immediate', 'daily', 'off'] }).notNull().default('immediate'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/**
 * One row per mail sent on behalf of an announcement, a play, a digest or an alert, per person: the link
 * from a decision to its outbox row (same idempotency key), so reach and results can be counted per source.
 */
export const engageSends = pgTable(
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
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('engage_sends_source_idx').on(t.sourceKind, t.sourceKey), index('engage_sends_user_idx').on(t.userId)],
);

/** Clicks on tracked links (/r/<token>): one row per click, the first of a person × item credits awareness. */
export const engageClicks = pgTable(
  'engage_clicks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    itemKey: text('item_key').notNull(),
    sourceKind: text('source_kind').notNull(),
    sourceKey: text('source_key').notNull(),
    /** Always `email` today; the column keeps the funnel by channel open for others. */
    channel: text('channel').notNull().default('email'),
    clickedAt: bigint('clicked_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('engage_clicks_source_idx').on(t.sourceKind, t.sourceKey), index('engage_clicks_item_idx').on(t.itemKey, t.userId)],
);

/** Announcements already handed to the email channel (each is mailed once, when its publishedAt has come). */
export const engageAnnouncementRuns = pgTable('engage_announcement_runs', {
  announcementKey: text('announcement_key').primaryKey(),
  processedAt: bigint('processed_at', { mode: 'number' }).notNull(),
  queued: bigint('queued', { mode: 'number' }).notNull(),
  digested: bigint('digested', { mode: 'number' }).notNull(),
  skipped: bigint('skipped', { mode: 'number' }).notNull(),
});

/** Announcements waiting for a person's weekly digest. */
export const engageDigestItems = pgTable(
  'engage_digest_items',
  {
    userId: text('user_id').notNull(),
    announcementKey: text('announcement_key').notNull(),
    addedAt: bigint('added_at', { mode: 'number' }).notNull(),
    /** Idempotency key of the digest mail that carried it; null while waiting. */
    digestKey: text('digest_key'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.announcementKey] })],
);

/** Each evaluation of a play (scheduled or run-once): when, and what it did. */
export const engagePlayRuns = pgTable(
  'engage_play_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    playKey: text('play_key').notNull(),
    ranAt: bigint('ran_at', { mode: 'number' }).notNull(),
    /** `ran` | `quiet-hours`. */
    outcome: text('outcome').notNull(),
    accounts: bigint('accounts', { mode: 'number' }).notNull(),
    queued: bigint('queued', { mode: 'number' }).notNull(),
  },
  (t) => [index('engage_play_runs_play_idx').on(t.playKey, t.ranAt)],
);

/** A play fired for an account (its cooldown counts from here). */
export const engagePlayFires = pgTable(
  'engage_play_fires',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    playKey: text('play_key').notNull(),
    accountId: text('account_id').notNull(),
    firedAt: bigint('fired_at', { mode: 'number' }).notNull(),
    recipients: bigint('recipients', { mode: 'number' }).notNull(),
  },
  (t) => [index('engage_play_fires_idx').on(t.playKey, t.accountId, t.firedAt)],
);

/** New alerts waiting for a CSM's daily digest (CSMs who chose `daily`). */
export const engageAlertNotices = pgTable(
  'engage_alert_notices',
  {
    alertId: bigint('alert_id', { mode: 'number' }).notNull(),
    csmUserId: text('csm_user_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    digestKey: text('digest_key'),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.csmUserId] })],
);
