import { prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface ItemViewingRow {
  key: string;
  title: string;
  type: string;
  level: number;
  viewingMs: number;
  views: number;
  completions: number;
  people: number;
  accounts: number;
}

const SQL = `SELECT d.content_key AS key, sum(${VIEWING_MS}) AS viewingMs, sum(d.views) AS views, sum(d.completions) AS completions,
  count(DISTINCT CASE WHEN d.active_ms > 0 OR d.video_ms > 0 THEN d.user_id END) AS people,
  count(DISTINCT CASE WHEN d.active_ms > 0 OR d.video_ms > 0 THEN d.account_id END) AS accounts
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> ''`;

/**
 * Viewing time per published item in the period (items nobody opened are listed with 0). Keys no longer
 * in the content (deleted items) are dropped: the dashboards report on what customers can still open.
 */
export function getViewingTimeByItem(ctx: KpiContext, accountId?: string): ItemViewingRow[] {
  const p = ctx.periods.current;
  const sql = `${SQL}${accountId === undefined ? '' : ' AND d.account_id = ?'} GROUP BY d.content_key`;
  const rows = prepared(ctx.db, sql).all(...(accountId === undefined ? [p.from, p.to] : [p.from, p.to, accountId])) as Omit<
    ItemViewingRow, 'title' | 'type' | 'level'
  >[];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return ctx.content.items.map((item) => {
    const r = byKey.get(item.key);
    return {
      key: item.key, title: item.title, type: item.type, level: item.level, viewingMs: r?.viewingMs ?? 0, views: r?.views ?? 0,
      completions: r?.completions ?? 0, people: r?.people ?? 0, accounts: r?.accounts ?? 0,
    };
  });
}
