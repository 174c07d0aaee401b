import type { APIRoute } from 'astro';
import { canView } from '../../lib/access.ts';
import { getConfig } from '../../lib/server/config.ts';
import { getDb } from '../../lib/server/db.ts';
import { getKpiContent } from '../../lib/server/kpi/kpi-service.ts';
import { publicOrigin } from '../../lib/server/origin/public-origin.ts';
import { buildEventIcs } from '../../lib/server/events/build-event-ics.ts';
import { findEvent } from '../../lib/server/events/list-events.ts';
import { isRegistered } from '../../lib/server/events/register-for-event.ts';

export const prerender = false;

/** GET: the event as an RFC 5545 calendar file; the online link only for people registered to it. */
export const GET: APIRoute = ({ params, locals }) => {
  const { viewer } = locals;
  const found = findEvent(getKpiContent(), params.key ?? '');
  if (!found || !canView(viewer, found.audience)) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const origin = publicOrigin(getConfig());
  const item = getKpiContent().byKey.get(found.key);
  const body = buildEventIcs({
    key: found.key, title: found.title, description: item?.title ?? found.title, url: `${origin}/announcements/${found.key}`,
    host: new URL(origin).host, event: found.event, now: new Date(),
    withOnlineUrl: viewer !== null && isRegistered(getDb().$client, found.key, viewer.userId),
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="${found.key}.ics"`, 'Cache-Control': 'private, no-store' },
  });
};
