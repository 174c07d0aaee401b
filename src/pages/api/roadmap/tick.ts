import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db.ts';
import { readFormFields } from '../../../lib/server/http.ts';
import { safeNextPath } from '../../../lib/server/http/safe-redirect.ts';
import { getKpiContent } from '../../../lib/server/kpi/kpi-service.ts';
import { tickRoadmapAction } from '../../../lib/server/roadmaps/tick-roadmap-action.ts';
import { roadmapToday } from '../../../lib/server/roadmaps/get-viewer-roadmap.ts';

export const prerender = false;

/** POST (form): tick or untick a `confirm` roadmap action; back to the page it came from, or a plain 4xx. */
export const POST: APIRoute = async ({ request, locals, redirect }) => {
  const { viewer, t } = locals;
  if (!viewer) return new Response(t('roadmap.error.signIn'), { status: 401, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const fields = await readFormFields(request, 8 * 1024);
  const result = tickRoadmapAction(getDb().$client, getKpiContent(), viewer, fields, roadmapToday());
  if (!result.ok) return new Response(t(`roadmap.error.${result.code}`), { status: result.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return redirect(`${safeNextPath(fields.back, '/me/roadmap')}#roadmap`, 303);
};
