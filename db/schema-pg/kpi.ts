import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

/** Bearer tokens of the read-only KPI JSON API (BI tools). Only the token's SHA-256 (hex) is stored. */
export const kpiApiTokens = pgTable('kpi_api_tokens', {
  id: text('id').primaryKey(),
  /** What the token is for, e.g. "Looker Studio". */
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  lastUsedAt: bigint('last_used_at', { mode: 'number' }),
  revokedAt: bigint('revoked_at', { mode: 'number' }),
});

/**
 * Alerts as they start and end, so each start is announced (webhook) exactly once. An open alert has
 * `ended_at` null; at most one open row per account × kind (enforced by the code in one transaction).
 */
export const kpiAlerts = pgTable(
  'kpi_alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    accountId: text('account_id').notNull(),
    kind: text('kind').notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    endedAt: bigint('ended_at', { mode: 'number' }),
    /** JSON figures behind the reason sentence. */
    params: text('params').notNull().default('{}'),
    /** pending | sent | failed | off (no webhook configured). */
    webhookState: text('webhook_state').notNull().default('off'),
    webhookAttempts: bigint('webhook_attempts', { mode: 'number' }).notNull().default(0),
    webhookError: text('webhook_error'),
  },
  (t) => [index('kpi_alerts_open').on(t.accountId, t.kind, t.endedAt)],
);
