import { LEVELS } from '../../../schemas/common.ts';
import { prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface LevelViewingRow {
  level: number;
  items: number;
  viewingMs: number;
  views: number;
  people: number;
}

const SQL = `SELECT d.content_key AS key, d.user_id AS userId, sum(${VIEWING_MS}) AS viewingMs, sum(d.views) AS views
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> ''`;

/** Viewing time per pyramid level (the level comes from each item's frontmatter). */
export function getViewingTimeByLevel(ctx: KpiContext, accountId?: string): LevelViewingRow[] {
  const p = ctx.periods.current;
  const sql = `${SQL}${accountId === undefined ? '' : ' AND d.account_id = ?'} GROUP BY d.content_key, d.user_id`;
  const rows = prepared(ctx.db, sql).all(...(accountId === undefined ? [p.from, p.to] : [p.from, p.to, accountId])) as {
    key: string; userId: string; viewingMs: number; views: number;
  }[];
  const out = new Map(LEVELS.map((level) => [level as number, { level, items: 0, viewingMs: 0, views: 0, people: new Set<string>() }]));
  for (const item of ctx.content.items) out.get(item.level)!.items += 1;
  for (const r of rows) {
    const item = ctx.content.byKey.get(r.key);
    if (!item) continue;
    const l = out.get(item.level)!;
    l.viewingMs += r.viewingMs;
    l.views += r.views;
    if (r.viewingMs > 0) l.people.add(r.userId);
  }
  return [...out.values()].map((l) => ({ level: l.level, items: l.items, viewingMs: l.viewingMs, views: l.views, people: l.people.size }));
}
