import { LEVELS } from '../../../schemas/common.ts';
import { itemJson, prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface LevelViewingRow {
  level: number;
  items: number;
  viewingMs: number;
  views: number;
  people: number;
}

// The item → level map comes in as JSON (json_each), so SQLite groups by level itself.
const SQL = `SELECT CAST(j.value AS INTEGER) AS level, sum(${VIEWING_MS}) AS viewingMs, sum(d.views) AS views,
  count(DISTINCT CASE WHEN d.active_ms > 0 OR d.video_ms > 0 THEN d.user_id END) AS people
  FROM tracking_daily d JOIN json_each(@levels) j ON j.key = d.content_key
  WHERE d.day BETWEEN @from AND @to AND d.account_id <> ''`;

/** Viewing time per pyramid level (the level comes from each item's frontmatter). */
export function getViewingTimeByLevel(ctx: KpiContext, accountId?: string): LevelViewingRow[] {
  const p = ctx.periods.current;
  const sql = `${SQL}${accountId === undefined ? '' : ' AND d.account_id = @accountId'} GROUP BY 1`;
  const rows = prepared(ctx.db, sql).all({ levels: itemJson(ctx, 'level'), from: p.from, to: p.to, ...(accountId === undefined ? {} : { accountId }) }) as Omit<LevelViewingRow, 'items'>[];
  return LEVELS.map((level) => {
    const r = rows.find((x) => x.level === level);
    return { level, items: ctx.content.items.filter((i) => i.level === level).length, viewingMs: r?.viewingMs ?? 0, views: r?.views ?? 0, people: r?.people ?? 0 };
  });
}
