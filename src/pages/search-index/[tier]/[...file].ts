import type { APIRoute } from 'astro';
import { searchFileResponse } from '../../../lib/server/search/files.ts';

// Search index files, per audience tier, only for a session allowed to read that tier.
export const prerender = false;

export const GET: APIRoute = ({ params, locals, request }) =>
  searchFileResponse({
    viewer: locals.viewer,
    tier: params.tier,
    file: params.file,
    acceptEncoding: request.headers.get('accept-encoding'),
  });
