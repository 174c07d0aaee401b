import { CONTENT_TYPES } from '../../../schemas/common.ts';
import { itemJson, prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface TypeViewingRow {
  type: string;
  items: number;
  viewingMs: number;
  views: number;
  completions: number;
}

const SQL = `SELECT j.value AS type, sum(${VIEWING_MS}) AS viewingMs, sum(d.views) AS views, sum(d.completions) AS completions
  FROM tracking_daily d JOIN json_each(@types) j ON j.key = d.content_key
  WHERE d.day BETWEEN @from AND @to AND d.account_id <> '' GROUP BY 1`;

/** Viewing time per content type (manual, article, webinar, …), every type listed. */
export function getViewingTimeByType(ctx: KpiContext): TypeViewingRow[] {
  const p = ctx.periods.current;
  const rows = prepared(ctx.db, SQL).all({ types: itemJson(ctx, 'type'), from: p.from, to: p.to }) as Omit<TypeViewingRow, 'items'>[];
  return CONTENT_TYPES.map((type) => {
    const r = rows.find((x) => x.type === type);
    return { type, items: ctx.content.items.filter((i) => i.type === type).length, viewingMs: r?.viewingMs ?? 0, views: r?.views ?? 0, completions: r?.completions ?? 0 };
  });
}
