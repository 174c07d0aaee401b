import { changePercent, prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';
import type { Period } from './period.ts';

export interface ViewingTotals {
  viewingMs: number;
  /** Accounts with any viewing time in the period. */
  activeAccounts: number;
  activeUsers: number;
  /** viewingMs / activeAccounts (0 when nobody was active). */
  perActiveAccountMs: number;
}

export interface ViewingTimeSummary {
  current: ViewingTotals;
  previous: ViewingTotals;
  /** Percent change of the total against the previous period; null when the previous period was empty. */
  changePercent: number | null;
  perAccountChangePercent: number | null;
  /** Target line: minutes per active account per day × days of the period, in ms. */
  targetPerActiveAccountMs: number;
}

const SQL = `SELECT coalesce(sum(${VIEWING_MS}), 0) AS viewingMs,
  count(DISTINCT CASE WHEN d.active_ms > 0 OR d.video_ms > 0 THEN d.account_id END) AS activeAccounts,
  count(DISTINCT CASE WHEN d.active_ms > 0 OR d.video_ms > 0 THEN d.user_id END) AS activeUsers
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> ''`;

function totals(ctx: KpiContext, p: Period, accountId?: string): ViewingTotals {
  const sql = accountId === undefined ? SQL : `${SQL} AND d.account_id = ?`;
  const args = accountId === undefined ? [p.from, p.to] : [p.from, p.to, accountId];
  const r = prepared(ctx.db, sql).get(...args) as Omit<ViewingTotals, 'perActiveAccountMs'>;
  return { ...r, perActiveAccountMs: r.activeAccounts ? r.viewingMs / r.activeAccounts : 0 };
}

/** Active viewing time of customer accounts (staff and visitors excluded), this period vs the previous one. */
export function getViewingTimeSummary(ctx: KpiContext, accountId?: string): ViewingTimeSummary {
  const current = totals(ctx, ctx.periods.current, accountId);
  const previous = totals(ctx, ctx.periods.previous, accountId);
  return {
    current,
    previous,
    changePercent: changePercent(current.viewingMs, previous.viewingMs),
    perAccountChangePercent: changePercent(current.perActiveAccountMs, previous.perActiveAccountMs),
    targetPerActiveAccountMs: ctx.settings.viewingTargetMinutes * 60_000 * ctx.periods.current.days,
  };
}
