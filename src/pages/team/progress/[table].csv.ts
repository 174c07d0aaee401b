import type { APIRoute } from 'astro';
import { exportTableCsv } from '../../../lib/server/kpi/views/export-csv.ts';
import { openTeamDashboard } from '../../../lib/server/kpi/views/request.ts';

export const prerender = false;

/** CSV of the customer-admin's own account; any ?account= in the URL is ignored. */
export const GET: APIRoute = ({ params, url, locals }) => {
  const req = openTeamDashboard(url, locals.viewer);
  if (!req.ok) return req.response;
  return exportTableCsv(req.ctx, params.table ?? '', { accountId: req.accountId }, locals.t, true);
};
