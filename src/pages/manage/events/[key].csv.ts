import type { APIRoute } from 'astro';
import { canReadAccountDetails } from '../../../lib/access.ts';
import { getDb } from '../../../lib/server/db.ts';
import { getKpiContent } from '../../../lib/server/kpi/kpi-service.ts';
import { findEvent } from '../../../lib/server/events/list-events.ts';
import { eventPeopleCsv } from '../../../lib/server/events/event-people-csv.ts';

export const prerender = false;

/** GET: registrations and attendance of one event as CSV (UTF-8 with BOM, opens in Excel). */
export const GET: APIRoute = ({ params, locals }) => {
  const { viewer, t } = locals;
  if (!viewer || !canReadAccountDetails(viewer)) return new Response(null, { status: viewer ? 403 : 401 });
  const key = params.key ?? '';
  if (!findEvent(getKpiContent(), key)) return new Response('Not found', { status: 404 });
  return new Response(eventPeopleCsv(getDb().$client, key, t), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="event-${key}.csv"`, 'Cache-Control': 'no-store' },
  });
};
