import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks, findExternalLinks } from '../../src/lib/server/content-currency/check-links.ts';

// A loopback site standing in for the web: fine, missing, HEAD-refusing and never-answering pages, with a log
// of when each request arrived and how many were open at once (politeness per host).
let server: Server;
let base = '';
const arrivals: { path: string; at: number; method: string }[] = [];
let open = 0;
let maxOpen = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals.push({ path: req.url!, at: Date.now(), method: req.method! });
    open++;
    maxOpen = Math.max(maxOpen, open);
    const done = (status: number) => setTimeout(() => (open--, res.writeHead(status).end()), 20);
    if (req.url === '/hang') return void (res.on('close', () => open--));
    if (req.url === '/missing') return done(404);
    if (req.url === '/no-head' && req.method === 'HEAD') return done(405);
    done(200);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const opts = { concurrency: 4, timeoutMs: 300, perHostDelayMs: 50, maxAgeMs: 60_000, userAgent: 'test' };

describe('content:links', () => {
  it('finds Markdown links, href attributes and autolinks with their lines', () => {
    expect(findExternalLinks('a [x](https://a.example/p) b\n<a href="http://b.example/">b</a>\n<https://c.example/q>', 10)).toEqual([
      { url: 'https://a.example/p', line: 10 },
      { url: 'http://b.example/', line: 11 },
      { url: 'https://c.example/q', line: 12 },
    ]);
  });

  it('reports broken and slow links, retries a refused HEAD with GET, one request at a time per host, and reuses the cache', async () => {
    const urls = ['/ok', '/missing', '/no-head', '/hang', '/ok'].map((p) => base + p);
    const { cache, fetched } = await checkLinks(urls, { checkedAt: 0, results: {} }, opts);
    expect(fetched).toBe(4);
    expect(cache.results[`${base}/ok`]).toMatchObject({ ok: true, status: 200 });
    expect(cache.results[`${base}/missing`]).toMatchObject({ ok: false, status: 404 });
    expect(cache.results[`${base}/no-head`]).toMatchObject({ ok: true, status: 200 });
    expect(cache.results[`${base}/hang`]).toMatchObject({ ok: false, status: 0, error: 'no answer within 300 ms' });
    expect(maxOpen).toBe(1);
    const starts = arrivals.filter((a) => a.method === 'HEAD').map((a) => a.at);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(45);
    const before = arrivals.length;
    const again = await checkLinks(urls, cache, opts);
    expect(again.fetched).toBe(0);
    expect(arrivals.length).toBe(before);
  });
});
