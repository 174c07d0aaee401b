// The KPI queries the bench times, and the same aggregates computed straight from the raw events.
import type Database from 'better-sqlite3';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { getAccountAwareness } from '../../src/lib/server/kpi/get-account-awareness.ts';
import { getAwarenessSummary } from '../../src/lib/server/kpi/get-awareness-summary.ts';
import { getViewingTimeByAccount } from '../../src/lib/server/kpi/get-viewing-time-by-account.ts';
import { getViewingTimeByItem } from '../../src/lib/server/kpi/get-viewing-time-by-item.ts';
import { getViewingTimeByLevel } from '../../src/lib/server/kpi/get-viewing-time-by-level.ts';
import { getViewingTimeSeries } from '../../src/lib/server/kpi/get-viewing-time-series.ts';
import { getViewingTimeSummary } from '../../src/lib/server/kpi/get-viewing-time-summary.ts';
import type { KpiContext } from '../../src/lib/server/kpi/kpi-context.ts';
import { readAwarenessPairs } from '../../src/lib/server/kpi/awareness-pairs.ts';
import { forgetRecentReads } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { getAccountRoadmaps } from '../../src/lib/server/roadmaps/get-account-roadmaps.ts';
import { getPyramidAchievements } from '../../src/lib/server/events/get-pyramid-achievements.ts';

/** Each call gets a fresh context, as each request does (no per-request memo carried over). */
export function rollupQueries(fresh: () => KpiContext): Record<string, () => unknown> {
  return {
    'viewing summary': () => getViewingTimeSummary(fresh()),
    'viewing by account': () => getViewingTimeByAccount(fresh()),
    'viewing by item': () => getViewingTimeByItem(fresh()),
    'viewing by level': () => getViewingTimeByLevel(fresh()),
    'viewing by day': () => getViewingTimeSeries(fresh(), 'day'),
    'account awareness': () => getAccountAwareness(fresh()),
    'awareness summary': () => getAwarenessSummary(fresh()),
    // Cold: as the first dashboard request after a change (nothing reused); then as the requests after it.
    'accounts (stage/health) cold': () => {
      const ctx = fresh();
      forgetRecentReads(ctx.db);
      return evaluateAccounts(ctx);
    },
    'accounts (stage/health)': () => evaluateAccounts(fresh()),
    // The parts issue 17 added to the account list (already inside the line above), timed on their own.
    'roadmap positions (all accounts)': () => {
      const ctx = fresh();
      const pairs = readAwarenessPairs(ctx);
      return getAccountRoadmaps(ctx.db, ctx.content, { today: ctx.periods.current.to, engagedAt: (id, key) => pairs.get(id)?.get(key)?.engagedAt });
    },
    'pyramid achievements (all accounts)': () => getPyramidAchievements(fresh().db),
  };
}

const VIEWING = `kind IN ('beat', 'video') AND account_id <> ''`;

/** Raw-event equivalents (same figures, no rollups). `from`/`to`/`prevFrom` are epoch ms. */
export function rawQueries(db: Database.Database, b: { from: number; to: number; prevFrom: number }): Record<string, () => unknown> {
  const dayExpr = `date((at + 32400000) / 1000, 'unixepoch')`;
  const q = (sql: string, ...p: unknown[]) => {
    const st = db.prepare(sql);
    return () => st.all(...p);
  };
  return {
    'viewing summary': q(
      `SELECT at >= ? AS cur, sum(credit_ms), count(DISTINCT account_id), count(DISTINCT user_id) FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY 1`,
      b.from, b.prevFrom, b.to,
    ),
    'viewing by account': q(
      `SELECT account_id, sum(CASE WHEN at >= ? THEN credit_ms END), sum(CASE WHEN at < ? THEN credit_ms END), count(DISTINCT CASE WHEN at >= ? THEN user_id END)
       FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY account_id`,
      b.from, b.from, b.from, b.prevFrom, b.to,
    ),
    'viewing by item': q(`SELECT content_key, sum(credit_ms), count(DISTINCT user_id), count(DISTINCT account_id) FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY content_key`, b.from, b.to),
    'viewing by level': q(`SELECT content_key, user_id, sum(credit_ms) FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY content_key, user_id`, b.from, b.to),
    'viewing by day': q(`SELECT ${dayExpr}, account_id, sum(credit_ms) FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY 1, 2`, b.from, b.to),
    'account awareness': q(`SELECT account_id, content_key, min(at) FROM tracking_events WHERE at < ? AND kind IN ('imp', 'view') AND account_id <> '' GROUP BY 1, 2`, b.to),
    'awareness summary': q(`SELECT account_id, content_key, min(at) FROM tracking_events WHERE at < ? AND kind IN ('imp', 'view') AND account_id <> '' GROUP BY 1, 2`, b.to),
    'accounts (stage/health)': q(
      `SELECT account_id, max(at), sum(CASE WHEN at >= ? THEN credit_ms END), sum(CASE WHEN at < ? THEN credit_ms END), count(DISTINCT user_id)
       FROM tracking_events WHERE at >= ? AND at < ? AND ${VIEWING} GROUP BY account_id`,
      b.from, b.from, b.prevFrom, b.to,
    ),
  };
}
