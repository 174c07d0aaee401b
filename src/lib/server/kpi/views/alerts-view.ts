import { listStoredAlerts, type StoredAlert } from '../../health/record-alerts.ts';
import { syncAlerts } from '../../health/sync-alerts.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable, TableScope } from '../tables/table-types.ts';

export interface AlertsView {
  current: KpiTable;
  history: (StoredAlert & { accountName: string })[];
}

/** Current alerts (recorded and announced as they start) and the recent history of starts and ends. */
export async function getAlertsView(ctx: KpiContext, t: TableScope['t']): Promise<AlertsView> {
  const { accounts, current, stored } = await computeInTurns(ctx, {
    accounts: () => syncAlerts(ctx),
    current: () => buildTable('alerts', ctx, { t }),
    stored: () => listStoredAlerts(ctx.db, 200),
  });
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  return { current, history: stored.map((a) => ({ ...a, accountName: names.get(a.accountId) ?? a.accountId })) };
}
