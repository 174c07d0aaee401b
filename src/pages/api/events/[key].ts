import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db.ts';
import { readFormFields } from '../../../lib/server/http.ts';
import { getKpiContent } from '../../../lib/server/kpi/kpi-service.ts';
import { getConfig } from '../../../lib/server/config.ts';
import { publicOrigin } from '../../../lib/server/origin/public-origin.ts';
import { changeRegistration } from '../../../lib/server/events/register-for-event.ts';

export const prerender = false;

/** POST (form, `intent` register | cancel): a signed-in customer's registration; back to the event page. */
export const POST: APIRoute = async ({ request, locals, params, redirect }) => {
  const { viewer, t } = locals;
  const text = (status: number, code: string) => new Response(t(`event.error.${code}`), { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!viewer) return text(401, 'signIn');
  const fields = await readFormFields(request, 4 * 1024);
  const intent = fields.intent === 'cancel' ? 'cancel' : fields.intent === 'register' ? 'register' : null;
  if (!intent) return text(400, 'invalid');
  const key = params.key ?? '';
  const result = changeRegistration(getDb().$client, getKpiContent(), viewer, key, intent, { origin: publicOrigin(getConfig()) });
  if (!result.ok) return text(result.status, result.code);
  return redirect(`/announcements/${encodeURIComponent(key)}?registration=${result.status}#event`, 303);
};
