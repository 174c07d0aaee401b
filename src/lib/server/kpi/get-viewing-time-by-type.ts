import { CONTENT_TYPES } from '../../../schemas/common.ts';
import { getViewingTimeByItem } from './get-viewing-time-by-item.ts';
import type { KpiContext } from './kpi-context.ts';

export interface TypeViewingRow {
  type: string;
  items: number;
  viewingMs: number;
  views: number;
  completions: number;
}

/**
 * Viewing time per content type (manual, article, webinar, …), every type listed: the per-item figures (a pass
 * over the period's rollup rows shared across requests, see get-viewing-time-by-item.ts) added up by type.
 */
export function getViewingTimeByType(ctx: KpiContext): TypeViewingRow[] {
  const sums = new Map(CONTENT_TYPES.map((type) => [type as string, { items: 0, viewingMs: 0, views: 0, completions: 0 }]));
  for (const item of getViewingTimeByItem(ctx)) {
    const s = sums.get(item.type);
    if (!s) continue;
    s.items += 1;
    s.viewingMs += item.viewingMs;
    s.views += item.views;
    s.completions += item.completions;
  }
  return CONTENT_TYPES.map((type) => ({ type, ...sums.get(type)! }));
}
