import type { APIRoute } from 'astro';
import { searchFileResponse } from '../../../lib/server/search/files.ts';

// Search index files, per index set (search/tiers.ts), only for a session allowed to read every tier in it.
export const prerender = false;

export const GET: APIRoute = ({ params, locals, request }) =>
  searchFileResponse({
    viewer: locals.viewer,
    index: params.index,
    file: params.file,
    acceptEncoding: request.headers.get('accept-encoding'),
  });
