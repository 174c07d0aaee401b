// Runs the browser's search code (src/lib/client/search-engine.ts + Pagefind's own runtime) in Node
// against a built index directory, served over local HTTP by the same function as the gated route.
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Viewer } from '../../src/lib/access.ts';
import { searchFileResponse, searchSetupFor } from '../../src/lib/server/search/files.ts';
import { createEngine, type Engine, type PagefindModule, type SearchMode } from '../../src/lib/client/search-engine.ts';

export interface IndexServer {
  base: string;
  /** Bytes sent per request path since the last reset. */
  sent: Map<string, number>;
  close(): Promise<void>;
}

/** Extra files for a browser harness: path → content type and body. */
export type ExtraFiles = Record<string, { type: string; body: string }>;

/** Serve `dir` (a dist/search directory) at `/search-index/` as the route does, for a fixed viewer. */
export async function serveIndexes(dir: string, viewer: Viewer | null, extra: ExtraFiles = {}): Promise<IndexServer> {
  process.env.JISOU_SEARCH_DIR = dir;
  const sent = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = extra[url.pathname];
    if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
      res.end(file.body);
      return;
    }
    const m = /^\/search-index\/([^/]+)\/(.+)$/.exec(url.pathname);
    const response = searchFileResponse({
      viewer,
      index: m?.[1],
      file: m?.[2],
      acceptEncoding: String(req.headers['accept-encoding'] ?? ''),
    });
    const body = Buffer.from(await response.arrayBuffer());
    sent.set(url.pathname, (sent.get(url.pathname) ?? 0) + body.length);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}/search-index/`,
    sent,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let instance = 0;

/**
 * The browser engine in Node for one viewer: the index the server grants that viewer, loaded
 * through the gated file function; a fresh Pagefind module instance per call (it keeps module state).
 */
export async function openEngine(dir: string, viewer: Viewer | null, mode: SearchMode): Promise<{ engine: Engine; server: IndexServer }> {
  const server = await serveIndexes(dir, viewer);
  const n = ++instance;
  const engine = await createEngine({
    base: server.base,
    index: searchSetupFor(viewer).index ?? '',
    mode,
    load: (url) => {
      const [index] = url.slice(server.base.length).split('/');
      return import(`${pathToFileURL(join(dir, index!, 'pagefind.js')).href}?engine=${n}`) as Promise<PagefindModule>;
    },
  });
  return { engine, server };
}
