// Turning a dashboard request into a KPI context: parse the query, answer 400 with the reason when bad.
import type { Viewer } from '../../../access.ts';
import { canReadAccountDetails, isStaff } from '../../../access.ts';
import { parseKpiQuery, type KpiQuery } from '../../../../schemas/kpi-query.ts';
import { createKpiContext } from '../kpi-service.ts';
import type { KpiContext } from '../kpi-context.ts';

export type DashboardRequest = { ok: true; ctx: KpiContext; query: KpiQuery } | { ok: false; response: Response };

function plainError(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * Staff pages and CSVs: staff only (the middleware guards too), valid query. `accountDetails` pages (account
 * list and drill-down, alerts) are for managers and admins only.
 */
export function openStaffDashboard(url: URL, viewer: Viewer | null, opts: { accountDetails?: boolean } = {}): DashboardRequest {
  const allowed = opts.accountDetails ? canReadAccountDetails(viewer) : isStaff(viewer);
  if (!allowed) return { ok: false, response: plainError(viewer ? 403 : 401, viewer ? 'Forbidden' : 'Sign in first.') };
  return open(url);
}

/**
 * Team views: a customer-admin, always scoped to the account of their own session. Ids in the URL are
 * ignored on purpose — they can never widen the scope.
 */
export function openTeamDashboard(url: URL, viewer: Viewer | null): (DashboardRequest & { accountId?: string }) {
  if (!viewer || viewer.role !== 'customer-admin' || !viewer.accountId) {
    return { ok: false, response: plainError(viewer ? 403 : 401, viewer ? 'Forbidden' : 'Sign in first.') };
  }
  const r = open(url);
  return r.ok ? { ...r, accountId: viewer.accountId } : r;
}

export function open(url: URL): DashboardRequest {
  const parsed = parseKpiQuery(url.searchParams);
  if (!parsed.ok) return { ok: false, response: plainError(400, `Bad query: ${parsed.message}`) };
  return { ok: true, ctx: createKpiContext(parsed.query), query: parsed.query };
}

/** The page's query string without sort/table params, for links to CSVs of the same period. */
export function periodQuery(query: KpiQuery): string {
  const q = new URLSearchParams({ period: query.period });
  if (query.period === 'custom' && query.from && query.to) {
    q.set('from', query.from);
    q.set('to', query.to);
  }
  return q.toString();
}

/** Where a staff table downloads as CSV, for the same period as the page showing it. */
export function staffCsvHref(table: string, query: KpiQuery): string {
  return `/manage/kpi/export/${table}.csv?${periodQuery(query)}`;
}
