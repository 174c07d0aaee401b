import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One external link and where it is written. */
export interface LinkUse {
  url: string;
  file: string;
  line: number;
  key: string;
}

export interface LinkResult {
  url: string;
  ok: boolean;
  /** HTTP status, or 0 when there was no answer (DNS, refused, timeout). */
  status: number;
  error?: string;
  checkedAt: number;
}

export interface LinkCache {
  checkedAt: number;
  results: Record<string, LinkResult>;
}

const LINK = /\]\((https?:\/\/[^)\s]+)\)|href=["'](https?:\/\/[^"']+)["']|<(https?:\/\/[^>\s]+)>/g;

/** External links in an MDX body (Markdown links, href attributes, autolinks), with 1-based line numbers. */
export function findExternalLinks(body: string, bodyLine = 1): { url: string; line: number }[] {
  const out: { url: string; line: number }[] = [];
  body.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(LINK)) out.push({ url: (m[1] ?? m[2] ?? m[3])!, line: bodyLine + i });
  });
  return out;
}

export function readLinkCache(path: string): LinkCache {
  if (!existsSync(path)) return { checkedAt: 0, results: {} };
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LinkCache;
  } catch {
    return { checkedAt: 0, results: {} };
  }
}

export interface CheckLinksOptions {
  /** Links checked at once across hosts. */
  concurrency: number;
  /** Per request. */
  timeoutMs: number;
  /** Politeness: at most one request per host at a time, this long apart. */
  perHostDelayMs: number;
  /** Results younger than this are reused from the cache, not fetched again. */
  maxAgeMs: number;
  userAgent: string;
  now?: () => number;
}

async function probe(url: string, opts: CheckLinksOptions): Promise<Omit<LinkResult, 'checkedAt'>> {
  const attempt = async (method: 'HEAD' | 'GET') => {
    const res = await fetch(url, { method, redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs), headers: { 'user-agent': opts.userAgent } });
    await res.body?.cancel();
    return res.status;
  };
  try {
    let status = await attempt('HEAD');
    // Some servers refuse HEAD (405/501) or answer it wrongly: ask once with GET before calling it broken.
    if (status >= 400) status = await attempt('GET');
    return { url, ok: status < 400, status };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { url, ok: false, status: 0, error: e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : (e.cause?.code ?? e.message) };
  }
}

/**
 * Check every distinct URL once: bounded concurrency overall, one request at a time per host with a pause
 * between (a docs site with 200 links is not hammered), fresh cache entries reused. Returns the merged cache.
 */
export async function checkLinks(urls: string[], cache: LinkCache, opts: CheckLinksOptions): Promise<{ cache: LinkCache; fetched: number }> {
  const now = opts.now ?? Date.now;
  const due = [...new Set(urls)].filter((u) => !(cache.results[u] && now() - cache.results[u]!.checkedAt < opts.maxAgeMs));
  const byHost = new Map<string, string[]>();
  for (const u of due) {
    let host: string;
    try {
      host = new URL(u).host;
    } catch {
      cache.results[u] = { url: u, ok: false, status: 0, error: 'not a valid URL', checkedAt: now() };
      continue;
    }
    byHost.set(host, [...(byHost.get(host) ?? []), u]);
  }
  const queues = [...byHost.values()];
  let fetched = 0;
  const worker = async () => {
    for (let q = queues.shift(); q; q = queues.shift()) {
      for (const [i, u] of q.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, opts.perHostDelayMs));
        cache.results[u] = { ...(await probe(u, opts)), checkedAt: now() };
        fetched++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  cache.checkedAt = now();
  return { cache, fetched };
}

export function writeLinkCache(path: string, cache: LinkCache): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache, null, 2));
}
