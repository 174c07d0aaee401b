import { evaluateAccounts } from '../../health/evaluate-accounts.ts';
import { getAwarenessSummary, type AwarenessSummary } from '../get-awareness-summary.ts';
import { getContentVolume, type ContentVolume } from '../get-content-volume.ts';
import { getViewingTimeSeries, type ViewingTimeSeries } from '../get-viewing-time-series.ts';
import { getViewingTimeSummary, type ViewingTimeSummary } from '../get-viewing-time-summary.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';

export interface OverviewView {
  viewing: ViewingTimeSummary;
  series: ViewingTimeSeries;
  volume: ContentVolume;
  awareness: AwarenessSummary;
  stages: Record<string, number>;
  alerts: number;
}

/** Everything the overview page shows: the three self-run KPIs, stage distribution and alert count. */
export async function getOverviewView(ctx: KpiContext): Promise<OverviewView> {
  const { accounts, ...parts } = await computeInTurns(ctx, {
    accounts: () => evaluateAccounts(ctx),
    viewing: () => getViewingTimeSummary(ctx),
    series: () => getViewingTimeSeries(ctx, ctx.periods.current.days > 31 ? 'week' : 'day'),
    volume: () => getContentVolume(ctx),
    awareness: () => getAwarenessSummary(ctx),
  });
  const stages: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, E: 0 };
  for (const a of accounts) stages[a.stage.stage] = (stages[a.stage.stage] ?? 0) + 1;
  return { ...parts, stages, alerts: accounts.reduce((n, a) => n + a.alerts.length, 0) };
}
