import { getViewingTimeSeries, type ViewingTimeSeries } from '../get-viewing-time-series.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable } from '../tables/table-types.ts';

export interface ViewingView {
  series: ViewingTimeSeries;
  accounts: KpiTable;
  segments: KpiTable;
  levels: KpiTable;
  types: KpiTable;
  items: KpiTable;
  seriesTable: KpiTable;
}

/** Viewing time broken down by account, segment, level, type, item and over time. */
export function getViewingView(ctx: KpiContext, bucket: 'day' | 'week'): Promise<ViewingView> {
  return computeInTurns(ctx, {
    series: () => getViewingTimeSeries(ctx, bucket),
    accounts: () => buildTable('viewing-accounts', ctx),
    segments: () => buildTable('viewing-segments', ctx),
    levels: () => buildTable('viewing-levels', ctx),
    types: () => buildTable('viewing-types', ctx),
    items: () => buildTable('viewing-items', ctx),
    seriesTable: () => buildTable('viewing-series', ctx),
  });
}
