// Chromium measurements for `npm run bench:search`: quality on each UI path, bytes the first query
// transfers and time to results.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serveIndexes, type ExtraFiles } from './search-runner.ts';
import type { SearchMode } from '../../src/lib/client/search-engine.ts';
import type { Viewer } from '../../src/lib/access.ts';
import { searchSetupFor } from '../../src/lib/server/search/files.ts';

const CLIENT = resolve(import.meta.dirname, '../../src/lib/client');

/**
 * The browser engine bundled and minified the way the site build ships it (esbuild; Astro's Vite
 * build does the same), on a page whose <html lang> is `lang`.
 */
async function engineFiles(lang = 'ja'): Promise<ExtraFiles> {
  const built = await build({ entryPoints: [resolve(CLIENT, 'search-engine.ts')], bundle: true, minify: true, format: 'esm', write: false, target: 'es2022', logLevel: 'silent' });
  return {
    '/': { type: 'text/html', body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body></body></html>` },
    // The same page with the engine module already imported (for harnesses whose evaluated functions
    // are rewritten by a test runner and so cannot use import() themselves).
    '/loaded': {
      type: 'text/html',
      body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><script type="module">import * as m from '/engine/search-engine.js'; window.jisouEngine = m;</script></head><body></body></html>`,
    },
    '/engine/search-engine.js': { type: 'text/javascript', body: built.outputFiles[0]!.text },
  };
}

/** What one query found on a UI path: content keys above the "related" divider, then below it. */
export interface BrowserFound {
  q: string;
  keys: string[];
  related: string[];
}

/**
 * Run every query through the browser's engine in Chromium, on a page whose <html lang> is the UI
 * language (Pagefind reads it), for one viewer's index as the /search page would hand it over.
 */
export async function searchInBrowser(browser: Browser, dir: string, viewer: Viewer | null, lang: 'ja' | 'en', queries: string[], mode: SearchMode): Promise<BrowserFound[]> {
  const server = await serveIndexes(dir, viewer, await engineFiles(lang));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.base.replace('/search-index/', '/loaded'));
    await page.waitForFunction(() => 'jisouEngine' in window);
    return await page.evaluate(
      async ({ base, queries, mode, index }) => {
        const m = (window as unknown as { jisouEngine: typeof import('../../src/lib/client/search-engine.ts') }).jisouEngine;
        const engine = await m.createEngine({ base, index, mode });
        const keyOf = (url: string) => url.split('?')[0]!.split('/').filter(Boolean).pop() ?? '';
        const out = [];
        for (const q of queries) {
          const found = await engine.search(q, {}, 10);
          out.push({ q, keys: found.hits.map((h) => keyOf(h.url)), related: (found.related ?? []).map((h) => keyOf(h.url)) });
        }
        return out;
      },
      { base: new URL(server.base).pathname, queries, mode, index: searchSetupFor(viewer).index ?? '' },
    );
  } finally {
    await context.close();
    await server.close();
  }
}

export interface FirstQueryFigures {
  query: string;
  /** Bytes over the wire (Resource Timing transferSize) for every request until the results were ready. */
  transferred: number;
  /** The same, for the search index route only (runtime, entry, meta, wasm, index chunks, fragments). */
  indexBytes: number;
  requests: number;
  /** Milliseconds from the index being loaded to the shown results' data being ready. */
  queryMs: number;
  loadMs: number;
}

/** Load a signed-out visitor's engine in a fresh Chromium page and run one query; report its cost. */
export async function measureFirstQuery(browser: Browser, dir: string, query: string, mode: SearchMode, pages: number): Promise<FirstQueryFigures> {
  const server = await serveIndexes(dir, null, await engineFiles());
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.base.replace('/search-index/', '/'));
    const result = await page.evaluate(
      async ({ base, query, mode, pages }) => {
        const t0 = performance.now();
        const m = await import('/engine/search-engine.js' as string);
        const engine = await m.createEngine({ base, index: 'public', mode, pages });
        // As the /search page does before the reader types: whatever it loads counts in the bytes.
        await engine.warm();
        const t1 = performance.now();
        const out = await engine.search(query, {}, 10);
        const t2 = performance.now();
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return {
          hits: out.hits.length as number,
          loadMs: t1 - t0,
          queryMs: t2 - t1,
          transferred: entries.reduce((a, e) => a + e.transferSize, 0),
          indexBytes: entries.filter((e) => e.name.includes('/search-index/')).reduce((a, e) => a + e.transferSize, 0),
          requests: entries.length,
          detail: entries.map((e) => `${e.name.replace(/^.*\/search-index\//, '')} ${e.transferSize}`),
        };
      },
      { base: new URL(server.base).pathname, query, mode, pages },
    );
    if (!result.hits) console.warn(`   (the generated-pages query "${query}" found nothing)`);
    if (process.env.BENCH_DEBUG) console.log(result.detail.join('\n'));
    return { query, ...result };
  } finally {
    await context.close();
    await server.close();
  }
}

/**
 * On the real /search page: milliseconds from typing a query until its results are in the page, for
 * each query, twice: the first pass also fetches each query's index chunks and result fragments, the
 * second runs on the loaded index. The page marks a finished search with data-query.
 */
export async function measureUiLatency(browser: Browser, baseUrl: string, queries: string[], cookie?: string): Promise<[number[], number[]]> {
  const context = await searchContext(browser, baseUrl, cookie);
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/search`);
    await page.locator('form[data-search-page][data-ready="true"]').waitFor();
    const passes: [number[], number[]] = [[], []];
    for (const times of passes) for (const q of queries) times.push(await typeQuery(page, q));
    return passes;
  } finally {
    await context.close();
  }
}

/**
 * The first query of a visit, once per query: a fresh browser context (nothing cached) opens /search,
 * the reader takes a moment (half a second) before typing, then types the query. `baseline`: in the same
 * visits, right after, one request from the page to the server (/healthz) and back — what the machine's
 * load costs anything that touches the server, to read the query times against.
 */
export async function measureFirstOfVisit(browser: Browser, baseUrl: string, queries: string[], cookie?: string): Promise<{ times: number[]; baseline: number[]; typedBeforeWarm: number }> {
  const times: number[] = [];
  const baseline: number[] = [];
  let typedBeforeWarm = 0;
  for (const q of queries) {
    const context = await searchContext(browser, baseUrl, cookie);
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/search`);
      await page.locator('form[data-search-page][data-ready="true"]').waitFor();
      await page.waitForTimeout(500);
      // Whether the page had loaded the index ahead (search-engine.ts warm()) when the reader typed.
      if (!(await page.locator('form[data-search-page][data-warmed="true"]').count())) typedBeforeWarm++;
      times.push(await typeQuery(page, q));
      baseline.push(
        await page.evaluate(async () => {
          const start = performance.now();
          await (await fetch(`/healthz?bench=${Math.random()}`, { cache: 'no-store' })).text();
          return performance.now() - start;
        }),
      );
    } finally {
      await context.close();
    }
  }
  return { times, baseline, typedBeforeWarm };
}

async function searchContext(browser: Browser, baseUrl: string, cookie?: string) {
  const context = await browser.newContext();
  if (cookie) {
    const [name, value] = cookie.split(';')[0]!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: baseUrl }]);
  }
  return context;
}

/** Milliseconds from putting `q` into the search field until the page marks its results done. */
function typeQuery(page: Page, q: string): Promise<number> {
  return page.evaluate(async (q) => {
    const form = document.querySelector<HTMLFormElement>('form[data-search-page]')!;
    const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
    const done = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (form.dataset.query === q && form.dataset.state === 'done') {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(form, { attributes: true });
    });
    const start = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return (await done) - start;
  }, q);
}
