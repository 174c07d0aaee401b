import { CONTENT_TYPES } from '../../../schemas/common.ts';
import { readDailyFacts } from './daily-facts.ts';
import type { KpiContext } from './kpi-context.ts';

export interface TypeViewingRow {
  type: string;
  items: number;
  viewingMs: number;
  views: number;
  completions: number;
}

/** Viewing time per content type (manual, article, webinar, …), every type listed. */
export function getViewingTimeByType(ctx: KpiContext): TypeViewingRow[] {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const typeOf = ids.items.names.map((key) => CONTENT_TYPES.indexOf(ctx.content.byKey.get(key)?.type as (typeof CONTENT_TYPES)[number]));
  const sums = CONTENT_TYPES.map(() => ({ viewingMs: 0, views: 0, completions: 0 }));
  for (const f of days) {
    for (let i = 0; i < f.length; i++) {
      const s = sums[typeOf[f.item[i]!]!];
      if (!s) continue;
      s.viewingMs += f.viewingMs[i]!;
      s.views += f.views[i]!;
      s.completions += f.completions[i]!;
    }
  }
  return CONTENT_TYPES.map((type, n) => ({ type, items: ctx.content.items.filter((i) => i.type === type).length, ...sums[n]! }));
}
