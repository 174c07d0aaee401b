import type { APIRoute } from 'astro';
import { checkJsonOrigin, jsonError, jsonResponse, readJsonBody, tooManyRequests } from '../../../lib/server/http.ts';
import { getDb } from '../../../lib/server/db.ts';
import { clientAddress } from '../../../lib/server/limits/client-address.ts';
import { recordClientGap } from '../../../lib/server/search/gap-budget.ts';
import { gapInput } from '../../../lib/server/search/gaps.ts';
import { loadManifest } from '../../../lib/server/search/files.ts';
import { tierLabel } from '../../../lib/server/search/tiers.ts';

// A search that found nothing: counted as a content gap (query text, tier set and day only), at most
// once per client and query a day, within the client's daily budget.
export const prerender = false;

export const POST: APIRoute = async ({ request, locals, clientAddress: socketAddress }) => {
  const refused = checkJsonOrigin(request);
  if (refused) return refused;
  const body = await readJsonBody(request, 2048);
  if (!body.ok) return body.response;
  const parsed = gapInput.safeParse(body.value);
  if (!parsed.success) return jsonError('bad_request', parsed.error.issues.map((i) => i.message).join('; '));
  const client = locals.viewer ? `u:${locals.viewer.userId}` : `ip:${clientAddress(request, socketAddress)}`;
  const result = recordClientGap(getDb(), client, parsed.data.query, tierLabel(locals.viewer, loadManifest().tiers));
  if (!result.recorded && result.reason === 'empty') return jsonError('bad_request', 'query is empty');
  if (!result.recorded && result.reason === 'limited') return tooManyRequests(result.retryAfterSeconds, 'Too many different searches recorded from this client today; try again tomorrow.');
  return jsonResponse({ recorded: result.recorded }, result.recorded ? 201 : 200);
};
