import type { APIRoute } from 'astro';
import { checkJsonOrigin, jsonError, jsonResponse, readJsonBody } from '../../../lib/server/http.ts';
import { getDb } from '../../../lib/server/db.ts';
import { gapInput, recordGap } from '../../../lib/server/search/gaps.ts';
import { loadManifest } from '../../../lib/server/search/files.ts';
import { tierLabel } from '../../../lib/server/search/tiers.ts';

// A search that found nothing: counted as a content gap (query text, tier set and day only).
export const prerender = false;

export const POST: APIRoute = async ({ request, locals }) => {
  const refused = checkJsonOrigin(request);
  if (refused) return refused;
  const body = await readJsonBody(request, 2048);
  if (!body.ok) return body.response;
  const parsed = gapInput.safeParse(body.value);
  if (!parsed.success) return jsonError('bad_request', parsed.error.issues.map((i) => i.message).join('; '));
  const result = recordGap(getDb(), parsed.data.query, tierLabel(locals.viewer, loadManifest().tiers));
  if (!result.recorded && result.reason === 'empty') return jsonError('bad_request', 'query is empty');
  return jsonResponse({ recorded: result.recorded }, result.recorded ? 201 : 200);
};
