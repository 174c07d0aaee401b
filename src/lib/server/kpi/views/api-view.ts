import { parseKpiQuery } from '../../../../schemas/kpi-query.ts';
import { getDb } from '../../db.ts';
import { jsonError, jsonResponse } from '../../http.ts';
import { verifyApiToken } from '../api-tokens.ts';
import { preloadClosedDays } from '../daily-facts.ts';
import { getAwarenessSummary } from '../get-awareness-summary.ts';
import { getContentVolume } from '../get-content-volume.ts';
import { getViewingTimeSummary } from '../get-viewing-time-summary.ts';
import { listActiveAccounts } from '../kpi-context.ts';
import { ACCOUNT_TABLES, buildTable, isTableId, TABLE_IDS } from '../kpi-tables.ts';
import { createKpiContext } from '../kpi-service.ts';

/**
 * The JSON API: token check → query check → one table (or the summary). Figures are the same as on the
 * dashboards; minutes are decimals, percentages 0–100, days `YYYY-MM-DD` in the reporting time zone.
 */
export async function getKpiApiResponse(table: string, url: URL, authorization: string | null): Promise<Response> {
  if (!verifyApiToken(getDb().$client, authorization)) {
    return jsonError('unauthorized', 'Send a KPI API token: "Authorization: Bearer jk_…" (create one with npm run kpi:token -- create <name>).', undefined, {
      'WWW-Authenticate': 'Bearer realm="jisou-kpi"',
    });
  }
  const parsed = parseKpiQuery(url.searchParams);
  if (!parsed.ok) return jsonError('bad_request', parsed.message);
  const ctx = createKpiContext(parsed.query);
  await preloadClosedDays(ctx);
  const period = { from: ctx.periods.current.from, to: ctx.periods.current.to, previousFrom: ctx.periods.previous.from, previousTo: ctx.periods.previous.to, timeZone: ctx.settings.timeZone };
  if (table === '') {
    const v = getContentVolume(ctx);
    return jsonResponse({
      period,
      viewingTime: getViewingTimeSummary(ctx),
      contentVolume: { target: v.target, total: v.total, byLocale: v.byLocale.map(({ byLevel: _b, ...l }) => l) },
      awareness: getAwarenessSummary(ctx),
      tables: TABLE_IDS.map((id) => `/api/kpi/${id}`),
    });
  }
  if (!isTableId(table)) return jsonError('not_found', `Unknown table "${table}". Tables: ${TABLE_IDS.join(', ')}.`);
  const accountId = url.searchParams.get('account') ?? undefined;
  if (ACCOUNT_TABLES.includes(table) && !accountId) return jsonError('bad_request', `Table "${table}" needs ?account=<account id>.`);
  if (accountId !== undefined && listActiveAccounts(ctx.db, accountId).length === 0) return jsonError('not_found', 'Unknown account.');
  const built = buildTable(table, ctx, { accountId });
  return jsonResponse({ period, table: table, columns: built.columns.map((c) => ({ key: c.key, format: c.format })), rows: built.rows });
}
