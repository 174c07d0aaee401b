import { evaluateAccounts, type EvaluatedAccount } from '../../health/evaluate-accounts.ts';
import { getViewingTimeSeries, type ViewingTimeSeries } from '../get-viewing-time-series.ts';
import { getViewingTimeSummary, type ViewingTimeSummary } from '../get-viewing-time-summary.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable, TableScope } from '../tables/table-types.ts';

export interface AccountView {
  account: EvaluatedAccount;
  viewing: ViewingTimeSummary;
  series: ViewingTimeSeries;
  users: KpiTable;
  levels: KpiTable;
  items: KpiTable;
  timeline: KpiTable;
}

/** One account's page (staff drill-down and the customer-admin's /team view); null when it does not exist. */
export async function getAccountView(ctx: KpiContext, accountId: string, t?: TableScope['t']): Promise<AccountView | null> {
  const scope = { accountId, t };
  const { account, ...parts } = await computeInTurns(ctx, {
    account: () => evaluateAccounts(ctx, accountId)[0],
    viewing: () => getViewingTimeSummary(ctx, accountId),
    series: () => getViewingTimeSeries(ctx, ctx.periods.current.days > 31 ? 'week' : 'day', accountId),
    users: () => buildTable('account-users', ctx, scope),
    levels: () => buildTable('viewing-levels', ctx, scope),
    items: () => buildTable('awareness-items', ctx, scope),
    timeline: () => buildTable('account-timeline', ctx, scope),
  });
  return account ? { account, ...parts } : null;
}
