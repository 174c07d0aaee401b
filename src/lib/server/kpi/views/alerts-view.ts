import { listStoredAlerts, type StoredAlert } from '../../health/record-alerts.ts';
import { syncAlerts } from '../../health/sync-alerts.ts';
import type { KpiContext } from '../kpi-context.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable, TableScope } from '../tables/table-types.ts';

export interface AlertsView {
  current: KpiTable;
  history: (StoredAlert & { accountName: string })[];
}

/** Current alerts (recorded and announced as they start) and the recent history of starts and ends. */
export function getAlertsView(ctx: KpiContext, t: TableScope['t']): AlertsView {
  const accounts = syncAlerts(ctx);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  return {
    current: buildTable('alerts', ctx, { t }),
    history: listStoredAlerts(ctx.db, 200).map((a) => ({ ...a, accountName: names.get(a.accountId) ?? a.accountId })),
  };
}
