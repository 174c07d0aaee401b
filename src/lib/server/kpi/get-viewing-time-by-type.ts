import { CONTENT_TYPES } from '../../../schemas/common.ts';
import { prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface TypeViewingRow {
  type: string;
  items: number;
  viewingMs: number;
  views: number;
  completions: number;
}

const SQL = `SELECT d.content_key AS key, sum(${VIEWING_MS}) AS viewingMs, sum(d.views) AS views, sum(d.completions) AS completions
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> '' GROUP BY d.content_key`;

/** Viewing time per content type (manual, article, webinar, …), every type listed. */
export function getViewingTimeByType(ctx: KpiContext): TypeViewingRow[] {
  const p = ctx.periods.current;
  const rows = prepared(ctx.db, SQL).all(p.from, p.to) as { key: string; viewingMs: number; views: number; completions: number }[];
  const out = new Map<string, TypeViewingRow>(CONTENT_TYPES.map((type) => [type, { type, items: 0, viewingMs: 0, views: 0, completions: 0 }]));
  for (const item of ctx.content.items) out.get(item.type)!.items += 1;
  for (const r of rows) {
    const item = ctx.content.byKey.get(r.key);
    if (!item) continue;
    const t = out.get(item.type)!;
    t.viewingMs += r.viewingMs;
    t.views += r.views;
    t.completions += r.completions;
  }
  return [...out.values()];
}
