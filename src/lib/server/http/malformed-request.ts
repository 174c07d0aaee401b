import type { IncomingMessage } from 'node:http';

/** Methods the portal answers. Node's parser accepts many more (TRACE, PROPFIND, …) that Astro cannot take. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const METHODS = new Set<string>(ALLOWED_METHODS);

// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port. Anything else
// (`a@b`, spaces, paths) would make the request URL unparseable further down and end in a 500.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface Refusal {
  status: 400 | 405;
  message: string;
  headers: Record<string, string>;
}

/**
 * Requests no route could answer, refused before they reach Astro with a 4xx that says why: a method
 * outside ALLOWED_METHODS (405 with `Allow`), or a Host header that is not a host name.
 */
export function refuseMalformedRequest(req: IncomingMessage): Refusal | null {
  if (!METHODS.has(req.method ?? '')) {
    return { status: 405, message: `Method ${String(req.method).slice(0, 20)} is not supported; use ${ALLOWED_METHODS.join(', ')}.`, headers: { Allow: ALLOWED_METHODS.join(', ') } };
  }
  const host = req.headers.host;
  if (host !== undefined && (host.length > 255 || !HOST.test(host))) {
    return { status: 400, message: 'Bad Host header: send a host name, optionally with a port (e.g. learn.example.com:443).', headers: {} };
  }
  return null;
}
