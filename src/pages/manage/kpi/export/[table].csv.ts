import type { APIRoute } from 'astro';
import { ACCOUNT_DETAIL_TABLES } from '../../../../lib/server/kpi/kpi-tables.ts';
import { exportTableCsv } from '../../../../lib/server/kpi/views/export-csv.ts';
import { openStaffDashboard } from '../../../../lib/server/kpi/views/request.ts';

export const prerender = false;

/** CSV of any dashboard table for staff: /manage/kpi/export/<table>.csv?period=…[&account=id]. */
export const GET: APIRoute = ({ params, url, locals }) => {
  const req = openStaffDashboard(url, locals.viewer, { accountDetails: ACCOUNT_DETAIL_TABLES.includes(params.table ?? '') });
  if (!req.ok) return req.response;
  return exportTableCsv(req.ctx, params.table ?? '', { accountId: url.searchParams.get('account') ?? undefined }, locals.t, false);
};
