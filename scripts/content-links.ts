// `npm run content:links [-- --fresh] [--concurrency 8] [--timeout 10000] [--delay 500] [--max-age-hours 24]`:
// check every external link in content/ (drafts included), politely: bounded concurrency, one request at a
// time per host with a pause, a timeout, results cached (CONTENT_LINKS_CACHE) so a re-run only asks what is
// due. /manage/content flags the items with a broken link. Exit code 1 when a link is broken.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateContent } from '../src/lib/content/validate.ts';
import { checkLinks, findExternalLinks, readLinkCache, writeLinkCache, type LinkUse } from '../src/lib/server/content-currency/check-links.ts';
import { loadConfigOrExit } from './lib/check-config.ts';
import { cliMessages } from './lib/cli-messages.ts';

const USAGE = 'usage: npm run content:links -- [--fresh] [--concurrency 8] [--timeout 10000] [--delay 500] [--max-age-hours 24]';
let args;
try {
  args = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
      timeout: { type: 'string', default: '10000' },
      delay: { type: 'string', default: '500' },
      'max-age-hours': { type: 'string', default: '24' },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const num = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number from ${min} to ${max} (got "${v}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const root = resolve(import.meta.dirname, '..');
const config = loadConfigOrExit(root);
const t = cliMessages('publish');
const cachePath = resolve(root, config.CONTENT_LINKS_CACHE);
const uses: LinkUse[] = [];
for (const item of validateContent(root, { includeDrafts: true }).items) {
  for (const l of findExternalLinks(item.body, item.bodyLine)) uses.push({ url: l.url, file: item.file, line: l.line, key: item.data.key });
}
const cache = args.fresh ? { checkedAt: 0, results: {} } : readLinkCache(cachePath);
const { cache: merged, fetched } = await checkLinks(
  uses.map((u) => u.url),
  cache,
  {
    concurrency: num('concurrency', args.concurrency, 1, 64),
    timeoutMs: num('timeout', args.timeout, 100, 120_000),
    perHostDelayMs: num('delay', args.delay, 0, 60_000),
    maxAgeMs: num('max-age-hours', args['max-age-hours'], 0, 24 * 365) * 3_600_000,
    userAgent: 'Jisou content:links (+https://github.com/; checks links written in this portal)',
  },
);
// Only links still written somewhere stay in the cache.
const live = new Set(uses.map((u) => u.url));
merged.results = Object.fromEntries(Object.entries(merged.results).filter(([u]) => live.has(u)));
writeLinkCache(cachePath, merged);
const broken = uses.filter((u) => merged.results[u.url] && !merged.results[u.url]!.ok);
for (const b of broken) {
  const r = merged.results[b.url]!;
  console.log(t('links.broken', { file: b.file, line: b.line, url: b.url, why: r.status ? `HTTP ${r.status}` : (r.error ?? '?') }));
}
console.log(t('links.summary', { links: live.size, fetched, broken: new Set(broken.map((b) => b.url)).size, cache: config.CONTENT_LINKS_CACHE }));
process.exit(broken.length ? 1 : 0);
