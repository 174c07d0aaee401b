import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Bearer tokens of the read-only KPI JSON API (BI tools). Only the token's SHA-256 (hex) is stored. */
export const kpiApiTokens = sqliteTable('kpi_api_tokens', {
  id: text('id').primaryKey(),
  /** What the token is for, e.g. "Looker Studio". */
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});

/**
 * Alerts as they start and end, so each start is announced (webhook) exactly once. An open alert has
 * `ended_at` null; at most one open row per account × kind (enforced by the code in one transaction).
 */
export const kpiAlerts = sqliteTable(
  'kpi_alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    kind: text('kind').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    /** JSON figures behind the reason sentence. */
    params: text('params').notNull().default('{}'),
    /** pending | sent | failed | off (no webhook configured). */
    webhookState: text('webhook_state').notNull().default('off'),
    webhookAttempts: integer('webhook_attempts').notNull().default(0),
    webhookError: text('webhook_error'),
  },
  (t) => [index('kpi_alerts_open').on(t.accountId, t.kind, t.endedAt)],
);
