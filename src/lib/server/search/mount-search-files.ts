import type { IncomingMessage, ServerResponse } from 'node:http';
import { openOnFirstUse } from '../open-on-first-use.ts';
import type { Config } from '../../../schemas/config.ts';
import { resolveSessionViewer } from '../auth/viewer.ts';
import { readSearchFile } from './files.ts';

const PATH = /^\/search-index\/([^/?]+)\/([^?]+)(?:\?.*)?$/;

/**
 * GET /search-index/<index>/<file> in front of Astro. A visit's first query fetches ten or so fragments at
 * once, and through Astro's pipeline each waited for the ones before it on the single event loop; here a
 * fragment costs a file read. The gate is the route's own (readSearchFile): the session is checked on
 * every request, never reused, so a signed-out or moved person loses an index at once, as on the pages.
 */
export function mountSearchFiles(root: string, config: Config) {
  const db = openOnFirstUse(root, config);
  const handle = (req: IncomingMessage, res: ServerResponse, head: string[]): boolean => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith('/search-index/')) return false;
    const m = PATH.exec(req.url);
    // Anything unusual (percent-encoding, extra segments) takes the route's path, which answers it the same way.
    if (!m || req.url.includes('%')) return false;
    const cookie = req.headers.cookie;
    const viewer = cookie ? (resolveSessionViewer(cookie, db.get())?.viewer ?? null) : null;
    const file = readSearchFile({ viewer, index: m[1], file: m[2], acceptEncoding: req.headers['accept-encoding'] ?? null });
    for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
    res.writeHead(file.status, file.headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
    return true;
  };
  return { handle, close: db.close };
}
