import type { KpiContext } from '../kpi/kpi-context.ts';
import { evaluateAccounts, type EvaluatedAccount } from './evaluate-accounts.ts';
import { announceAlerts, recordAlerts } from './record-alerts.ts';

/**
 * Evaluate alerts as of today (the context must end today), record starts and ends in SQLite and send
 * the webhook for new ones in the background. Returns the evaluated accounts for the caller to show.
 */
export function syncAlerts(ctx: KpiContext): EvaluatedAccount[] {
  const accounts = evaluateAccounts(ctx);
  if (ctx.periods.current.to !== ctx.periods.today) return accounts; // a past period says nothing about alerts starting now
  const started = recordAlerts(ctx.db, accounts, ctx.settings);
  if (started.length) void announceAlerts(ctx.db, started, ctx.settings).catch((e) => console.error('[kpi] alert webhook failed', e));
  return accounts;
}
