import type { APIRoute } from 'astro';
import { serveMedia } from '../../lib/server/serve-media.ts';

// The raw request URL (still percent-encoded, duplicate slashes kept) is checked rather than the
// router's decoded param, so encoded traversal tricks are judged exactly as the client sent them.
export const GET: APIRoute = ({ request, locals }) => {
  const raw = /^[a-z]+:\/\/[^/]+(\/[^?#]*)/i.exec(request.url)?.[1] ?? '';
  return serveMedia(request, locals.viewer, raw.startsWith('/media/') ? raw.slice('/media/'.length) : '');
};
