// `npm run bench:search`: search quality and speed.
//  1. recall@5 and MRR of tests/fixtures/search-queries.json against the content in content/, for each
//     indexing mode (Pagefind's own Japanese segmentation vs. bigrams), run by the browser's engine code;
//  2. bytes the first query transfers and its time, signed out, on 1,000 generated pages (Chromium);
//  3. time from typing to results on the real /search page over the demo content (Chromium).
// BENCH_PAGES changes the generated page count; BENCH_SKIP_UI=1 skips step 3; BENCH_CONTENT_ROOT and
// BENCH_QUERIES point steps 1 at another content tree and query file.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Viewer } from '../src/lib/access.ts';
import { loadSearchDocs, writeSearchIndexes } from '../src/lib/server/search/build-index.ts';
import { SEARCH_MODE, type SearchMode } from '../src/lib/server/search/manifest.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { startTestServer } from '../tests/support/server.ts';
import { COOKIE, signIn } from '../tests/support/auth.ts';
import { generateCorpus } from './lib/search-corpus.ts';
import { measureFirstQuery, measureUiLatency } from './lib/search-browser.ts';
import { evaluate, loadQuerySet, type QualityReport } from './lib/search-quality.ts';
import { openEngine } from './lib/search-runner.ts';

const root = resolve(process.env.BENCH_CONTENT_ROOT ?? resolve(import.meta.dirname, '..'));
const pages = Number(process.env.BENCH_PAGES ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'jisou-bench-search-'));
const staff: Viewer = { userId: 'bench', role: 'admin' };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? 0;

async function quality(mode: SearchMode): Promise<QualityReport> {
  const dir = join(work, `quality-${mode}`);
  await writeSearchIndexes(loadSearchDocs(root), dir, mode);
  const { engine, server } = await openEngine(dir, staff, mode);
  try {
    return await evaluate(engine, loadQuerySet(process.env.BENCH_QUERIES).queries);
  } finally {
    await server.close();
  }
}

try {
  const set = loadQuerySet(process.env.BENCH_QUERIES);
  const ja = set.queries.filter((q) => q.lang === 'ja').length;
  console.log(`\n1. Ranking quality: ${set.queries.length} queries (${ja} Japanese, ${set.queries.length - ja} English), demo content, all tiers`);
  const reports: Partial<Record<SearchMode, QualityReport>> = {};
  for (const mode of ['native', 'bigram'] as SearchMode[]) {
    const r = (reports[mode] = await quality(mode));
    const langs = Object.entries(r.byLang).map(([l, v]) => `${l}: recall@5 ${pct(v.recallAt5)} MRR ${v.mrr.toFixed(3)}`).join(' · ');
    console.log(`   ${mode.padEnd(7)} recall@5 ${pct(r.recallAt5)}  MRR ${r.mrr.toFixed(3)}   (${langs})${mode === SEARCH_MODE ? '  ← shipped' : ''}`);
  }
  for (const s of reports[SEARCH_MODE]!.scores.filter((x) => x.recallAt5 < 1)) {
    console.log(`   miss (${SEARCH_MODE}) ${s.lang} ${s.kind.padEnd(9)} "${s.q}" → top: ${s.top.join(', ') || '(nothing)'}`);
  }
  const t = set.threshold;
  console.log(`   threshold (tests): recall@5 ≥ ${pct(t.recallAt5)}, MRR ≥ ${t.mrr}`);

  const browser = await launchChromium();
  try {
    console.log(`\n2. First query at ${pages} generated pages, signed-out visitor, Chromium`);
    const corpus = generateCorpus(pages);
    // A one-word query, a katakana term, a compound taken from a generated title, an English word.
    const firstQueries = ['設定', 'ダッシュボード', [...corpus[0]!.title].slice(0, 4).join(''), 'report'];
    for (const mode of [SEARCH_MODE, ...(['native', 'bigram'] as SearchMode[]).filter((m) => m !== SEARCH_MODE)]) {
      const bigDir = join(work, `generated-${mode}`);
      const started = Date.now();
      await writeSearchIndexes(corpus, bigDir, mode);
      console.log(`   ${mode}: indexed ${pages} pages in ${((Date.now() - started) / 1000).toFixed(1)} s${mode === SEARCH_MODE ? '  ← shipped' : ''}`);
      for (const q of firstQueries) {
        const f = await measureFirstQuery(browser, bigDir, q, mode);
        console.log(
          `     "${q}": ${kb(f.transferred)} transferred (${kb(f.indexBytes)} index route, ${f.requests} requests), ` +
            `index load ${f.loadMs.toFixed(0)} ms, query ${f.queryMs.toFixed(0)} ms ${f.transferred <= 150 * 1024 ? '✓ ≤150 KB' : '✗ >150 KB'}`,
        );
      }
    }

    if (process.env.BENCH_SKIP_UI !== '1') {
      console.log(`\n3. Typing to results on /search, demo content, Chromium (median / p90 / max; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
      const server = await startTestServer();
      try {
        const queries = set.queries.map((q) => q.q);
        const line = (label: string, times: number[]) =>
          console.log(
            `   ${label.padEnd(44)} ${median(times).toFixed(1)} / ${pct90(times).toFixed(1)} / ${Math.max(...times).toFixed(1)} ms` +
              ` ${Math.max(...times) <= 100 ? '✓ ≤100 ms' : '✗ >100 ms'}`,
          );
        for (const [label, email] of [['signed out (public tier)', undefined], ['staff (all 4 tiers merged)', 'admin@jisou.test']] as const) {
          const cookie = email ? `${COOKIE}=${await signIn(server.baseUrl, email)}` : undefined;
          // First pass fetches each query's index chunks and fragments; the second runs on the loaded index.
          const [cold, warm] = await measureUiLatency(browser, server.baseUrl, queries, cookie);
          line(`${label}, first time (chunks fetched):`, cold!);
          line(`${label}, index loaded:`, warm!);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
