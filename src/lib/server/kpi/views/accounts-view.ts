import { syncAlerts } from '../../health/sync-alerts.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable, TableScope } from '../tables/table-types.ts';

export interface AccountsView {
  table: KpiTable;
  stages: Record<string, number>;
}

/** The account list with stage, health and alert flags (alerts are recorded as a side effect). */
export async function getAccountsView(ctx: KpiContext, t: TableScope['t']): Promise<AccountsView> {
  const { accounts, table } = await computeInTurns(ctx, { accounts: () => syncAlerts(ctx), table: () => buildTable('accounts', ctx, { t }) });
  const stages: Record<string, number> = {};
  for (const a of accounts) stages[a.stage.stage] = (stages[a.stage.stage] ?? 0) + 1;
  return { table, stages };
}
