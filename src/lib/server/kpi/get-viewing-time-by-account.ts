import { changePercent, accountsOf, prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface AccountViewingRow {
  accountId: string;
  name: string;
  segment: string;
  plan: string;
  viewingMs: number;
  previousMs: number;
  changePercent: number | null;
  activeUsers: number;
  views: number;
}

const SQL = `SELECT d.account_id AS accountId,
  sum(CASE WHEN d.day >= ? THEN ${VIEWING_MS} ELSE 0 END) AS viewingMs,
  sum(CASE WHEN d.day < ? THEN ${VIEWING_MS} ELSE 0 END) AS previousMs,
  count(DISTINCT CASE WHEN d.day >= ? AND (d.active_ms > 0 OR d.video_ms > 0) THEN d.user_id END) AS activeUsers,
  sum(CASE WHEN d.day >= ? THEN d.views ELSE 0 END) AS views
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> '' GROUP BY d.account_id`;

/** Viewing time per account in the period (every active account listed, also those without activity). */
export function getViewingTimeByAccount(ctx: KpiContext, accountId?: string): AccountViewingRow[] {
  const { current, previous } = ctx.periods;
  const rows = prepared(ctx.db, SQL).all(current.from, current.from, current.from, current.from, previous.from, current.to) as {
    accountId: string; viewingMs: number; previousMs: number; activeUsers: number; views: number;
  }[];
  const byId = new Map(rows.map((r) => [r.accountId, r]));
  return accountsOf(ctx, accountId).map((a) => {
    const r = byId.get(a.id);
    const viewingMs = r?.viewingMs ?? 0;
    const previousMs = r?.previousMs ?? 0;
    return {
      accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, viewingMs, previousMs,
      changePercent: changePercent(viewingMs, previousMs), activeUsers: r?.activeUsers ?? 0, views: r?.views ?? 0,
    };
  });
}
