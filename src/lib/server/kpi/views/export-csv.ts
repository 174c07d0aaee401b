import type { Translate } from '../../../../i18n/index.ts';
import { preloadClosedDays } from '../daily-facts.ts';
import { listActiveAccounts, type KpiContext } from '../kpi-context.ts';
import { ACCOUNT_TABLES, isTableId, TEAM_TABLES, buildTable } from '../kpi-tables.ts';
import { csvResponse, tableToCsv } from '../to-csv.ts';
import type { TableScope } from '../tables/table-types.ts';

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** One table as a CSV download; `team` limits the tables to those a customer-admin may read. */
export async function exportTableCsv(ctx: KpiContext, table: string, scope: TableScope, t: Translate, team: boolean): Promise<Response> {
  if (!isTableId(table) || (team && !TEAM_TABLES.includes(table))) return text(404, `Unknown table "${table}".`);
  if (ACCOUNT_TABLES.includes(table) && !scope.accountId) return text(400, `Table "${table}" needs ?account=<account id>.`);
  if (scope.accountId && listActiveAccounts(ctx.db, scope.accountId).length === 0) return text(404, 'Unknown account.');
  await preloadClosedDays(ctx);
  const built = buildTable(table, ctx, { ...scope, t });
  const suffix = scope.accountId ? `-${scope.accountId}` : '';
  return csvResponse(tableToCsv(built, t), `jisou-${table}${suffix}-${ctx.periods.current.from}_${ctx.periods.current.to}.csv`);
}
