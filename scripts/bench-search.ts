// `npm run bench:search`: search quality and speed.
//  1. recall@5 and MRR of tests/fixtures/search-queries.json against the content in content/, overall, per
//     query language and per difficulty type, on the Japanese and on the English UI path (the browser's
//     engine in Chromium on a page whose <html lang> is that language — Pagefind reads it);
//  2. bytes the first query transfers and its time, signed out, on 1,000 and 5,000 generated pages (Chromium);
//  3. time from typing to results on the real /search page over the demo content (Chromium).
// BENCH_MODES=native,bigram,analysed compares index modes in step 1; BENCH_PAGES sets one generated page count; BENCH_SKIP_UI=1 skips step 3, BENCH_ONLY_UI=1 runs only it; BENCH_CONTENT_ROOT and
// BENCH_QUERIES point steps 1 at another content tree and query file.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Viewer } from '../src/lib/access.ts';
import { loadSearchDocs, writeSearchIndexes } from '../src/lib/server/search/build-index.ts';
import { SEARCH_MODE, type SearchMode } from '../src/lib/server/search/manifest.ts';
import { loadSynonyms } from '../src/lib/content/search-synonyms.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { startTestServer } from '../tests/support/server.ts';
import { COOKIE, signIn } from '../tests/support/auth.ts';
import { generateCorpus } from './lib/search-corpus.ts';
import { measureFirstOfVisit, measureFirstQuery, measureUiLatency, searchInBrowser } from './lib/search-browser.ts';
import { loadQuerySet, score, type QualityReport, type QueryCase } from './lib/search-quality.ts';
import type { Browser } from 'playwright-core';

const root = resolve(process.env.BENCH_CONTENT_ROOT ?? resolve(import.meta.dirname, '..'));
const pages = Number(process.env.BENCH_PAGES ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'jisou-bench-search-'));
const staff: Viewer = { userId: 'bench', role: 'admin' };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? 0;

const UI_LANGS = ['ja', 'en'] as const;
const FIRST_OF_VISIT = 20;

/** Quality on each UI path: the engine in Chromium on a page in that language, as staff (every tier, one index). */
async function quality(browser: Browser, mode: SearchMode, cases: QueryCase[]): Promise<Record<(typeof UI_LANGS)[number], QualityReport>> {
  const dir = join(work, `quality-${mode}`);
  await writeSearchIndexes(loadSearchDocs(root), dir, mode, loadSynonyms(root).groups);
  const out = {} as Record<(typeof UI_LANGS)[number], QualityReport>;
  for (const lang of UI_LANGS) out[lang] = score(cases, await searchInBrowser(browser, dir, staff, lang, cases.map((c) => c.q), mode));
  return out;
}

const rate = (r: { recallAt5: number; mrr: number }) => `recall@5 ${pct(r.recallAt5)} MRR ${r.mrr.toFixed(3)}`;

const browser = await launchChromium();
try {
  const set = loadQuerySet(process.env.BENCH_QUERIES);
  const ja = set.queries.filter((q) => q.lang === 'ja').length;
  const t = set.threshold;
  console.log(`\n1. Ranking quality: ${set.queries.length} queries (${ja} Japanese, ${set.queries.length - ja} English), demo content, all tiers, engine in Chromium per UI language`);
  const onlyUi = process.env.BENCH_ONLY_UI === '1';
  const modes = onlyUi ? [] : ((process.env.BENCH_MODES?.split(',') as SearchMode[] | undefined) ?? [SEARCH_MODE]);
  for (const mode of modes) {
    const reports = await quality(browser, mode, set.queries);
    for (const lang of UI_LANGS) {
      const r = reports[lang];
      const kinds = Object.entries(r.byKind).map(([k, v]) => `${k} ${pct(v.recallAt5)}/${v.mrr.toFixed(2)} (${v.n})`).join(' · ');
      console.log(`   ${mode.padEnd(8)} ${lang} UI: ${rate(r)}${mode === SEARCH_MODE ? '  ← shipped' : ''}`);
      console.log(`            by query language: ${Object.entries(r.byLang).map(([l, v]) => `${l} ${rate(v)}`).join(' · ')}`);
      console.log(`            by type (recall@5/MRR): ${kinds}`);
    }
    if (mode === SEARCH_MODE) {
      for (const s of reports.ja.scores.filter((x) => x.recallAt5 < 1)) {
        console.log(`   miss (ja UI) ${s.lang} ${s.kind.padEnd(10)} "${s.q}" → top: ${s.top.join(', ') || '(nothing)'}`);
      }
    }
  }
  console.log(`   threshold (tests, Japanese UI path): recall@5 ≥ ${pct(t.recallAt5)}, MRR ≥ ${t.mrr}, every type recall@5 ≥ ${pct(t.perKind ?? 0)}`);

  {
    // The budget is stated at 1,000 and 5,000 pages; BENCH_PAGES replaces both with one figure.
    const sizes = onlyUi ? [] : process.env.BENCH_PAGES ? [pages] : [1000, 5000];
    for (const size of sizes) {
      console.log(`\n2. First query at ${size} generated pages, signed-out visitor, Chromium (budget ${size <= 1000 ? 150 : 250} KB)`);
      const corpus = generateCorpus(size);
      // A one-word query, a katakana term, a compound taken from a generated title, an English word, a question.
      const firstQueries = ['設定', 'ダッシュボード', [...corpus[0]!.title].slice(0, 4).join(''), 'report', 'レポートを共有するには'];
      const budget = (size <= 1000 ? 150 : 250) * 1024;
      const bigDir = join(work, `generated-${size}`);
      const started = Date.now();
      await writeSearchIndexes(corpus, bigDir, SEARCH_MODE);
      console.log(`   ${SEARCH_MODE}: indexed ${size} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const q of firstQueries) {
        const f = await measureFirstQuery(browser, bigDir, q, SEARCH_MODE, size);
        console.log(
          `     "${q}": ${kb(f.transferred)} transferred (${kb(f.indexBytes)} index route, ${f.requests} requests), ` +
            `index load ${f.loadMs.toFixed(0)} ms, query ${f.queryMs.toFixed(0)} ms ${f.transferred <= budget ? `✓ ≤${budget / 1024} KB` : `✗ >${budget / 1024} KB`}`,
        );
      }
    }

    if (process.env.BENCH_SKIP_UI !== '1') {
      console.log(`\n3. Typing to results on /search, demo content, Chromium (median / p90 / max; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
      const server = await startTestServer();
      try {
        const queries = set.queries.map((q) => q.q);
        // Spread over the set (every kind of query), not its first few.
        const firstOfVisit = queries.filter((_, i) => i % Math.max(1, Math.floor(queries.length / FIRST_OF_VISIT)) === 0).slice(0, FIRST_OF_VISIT);
        const line = (label: string, times: number[]) =>
          console.log(
            `   ${label.padEnd(58)} ${median(times).toFixed(1)} / ${pct90(times).toFixed(1)} / ${Math.max(...times).toFixed(1)} ms` +
              ` ${pct90(times) <= 100 ? '✓ p90 ≤100 ms' : '✗ p90 >100 ms'}`,
          );
        for (const [label, email] of [['signed out (public tier)', undefined], ['staff (every tier, one index)', 'admin@jisou.test']] as const) {
          const cookie = email ? `${COOKIE}=${await signIn(server.baseUrl, email)}` : undefined;
          // First pass fetches each query's index chunks and fragments; the second runs on the loaded index.
          const [cold, warm] = await measureUiLatency(browser, server.baseUrl, queries, cookie);
          line(`${label}, first time (chunks fetched):`, cold!);
          line(`${label}, index loaded:`, warm!);
          // Each of these is the first query of its own visit (a fresh browser: nothing loaded or cached).
          const visits = await measureFirstOfVisit(browser, server.baseUrl, firstOfVisit, cookie);
          line(`${label}, first query of a visit (${FIRST_OF_VISIT} visits):`, visits.times);
          if (visits.typedBeforeWarm) console.log(`     in ${visits.typedBeforeWarm} of ${FIRST_OF_VISIT} visits the page had not finished loading the index ahead when the query was typed`);
          console.log(
            `   ${'  baseline: one request to /healthz in the same visits:'.padEnd(58)} ${median(visits.baseline).toFixed(1)} / ${pct90(visits.baseline).toFixed(1)} ms` +
              ` (first query p90 = ${(pct90(visits.times) / Math.max(0.1, pct90(visits.baseline))).toFixed(1)}× this)`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
