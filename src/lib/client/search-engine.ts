// The search engine both the header box and the search page use (and the bench runs in Chromium):
// Pagefind's runtime and the one index the server gives this reader (search/tiers.ts index sets).
import { normalizeText, toBigramQuery } from './search-terms.ts';
import { bareWord, foldWord, HIDDEN, queryTerms } from './search-analyze.ts';
import { analysedExcerpt, excerptSegments, type ExcerptSegment } from './search-excerpt.ts';

export type SearchMode = 'native' | 'bigram' | 'analysed';

/** Language the analysed index is written in (Pagefind's English: whitespace words, English stemming). */
export const ANALYSED_LANG = 'en';

export interface EngineConfig {
  /** URL prefix of the gated index route, e.g. `/search-index/`. */
  base: string;
  /** The index set the server gives this session (one per combination of readable tiers). */
  index: string;
  mode: SearchMode;
  /** The reader's language: of an item indexed in both languages, its record in this one is shown. */
  locale?: string;
  /** Pages in the index; a small index is loaded ahead of the first query (see warm()). */
  pages?: number;
  /** Indexed words spread over the index's vocabulary: preloading them loads every chunk. */
  warmWords?: string[];
  /** The index has every fragment in one file too (FRAGMENT_BUNDLE), loaded by warm(); analysed mode only. */
  bundled?: boolean;
  /** How to load Pagefind's ES module (the browser imports it; Node passes its own loader). */
  load?: (url: string) => Promise<PagefindModule>;
}

export interface Hit {
  url: string;
  title: string;
  type: string;
  level: string;
  area: string;
  locale: string;
  /** Excerpt around the match as text segments, matched words flagged for highlighting. */
  excerpt: ExcerptSegment[];
}

export interface SearchOutcome {
  /** Results that contain every word of the query (or a longer word starting with it). */
  hits: Hit[];
  /**
   * Results Pagefind found only through a shortened word (its fallback for a word no page contains):
   * shown below a "related" divider, and the search still counts as finding nothing.
   */
  related: Hit[];
  total: number;
  /** Results beyond `limit` remain (search again with a larger limit to show them). */
  more: boolean;
  /** Milliseconds spent in search + loading the shown results' fragments. */
  ms: number;
}

export type Filters = Partial<Record<'type' | 'level' | 'area', string>>;

interface PagefindData {
  url: string;
  excerpt: string;
  content: string;
  locations: number[];
  meta: Record<string, string>;
}
interface PagefindResult {
  id: string;
  score: number;
  words: number[];
  data(): Promise<PagefindData>;
}
export interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, o?: { filters?: Record<string, unknown> }): Promise<{ results: PagefindResult[] } | null>;
  preload(term: string, o?: Record<string, unknown>): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** A small analysed index's fragments in one file: id → url, content, meta (build-index.ts writeFragmentBundle). */
export const FRAGMENT_BUNDLE = 'all-fragments.json';
type BundledFragment = Pick<PagefindData, 'url' | 'content' | 'meta'>;

/** The query as the index expects it (see search-terms.ts and search-analyze.ts). */
export function toEngineQuery(query: string, mode: SearchMode): string {
  if (mode === 'analysed') return queryTerms(query).join(' ');
  return mode === 'bigram' ? toBigramQuery(query) : normalizeText(query);
}

/** English words compared without their common endings (Pagefind stems them; this only has to agree roughly). */
const stem = (w: string) => w.replace(/(ies|es|s|ed|ing|ly|er|ers|ation|ations)$/, '');

/**
 * Whether a result really contains every query word: the words Pagefind matched (at `locations`) must
 * include, for each term, the term itself or a longer word starting with it. Pagefind also answers an
 * unknown word with pages holding a shorter prefix of it (設計図 → 設計, 印紙 → 印刷); those fail here.
 */
export function containsAllTerms(terms: string[], content: string, locations: number[]): boolean {
  const words = content.split(/\s+/);
  const matched = locations.map((l) => {
    const w = words[l] ?? '';
    return w.startsWith(HIDDEN) ? bareWord(w.slice(HIDDEN.length)) : bareWord(foldWord(w));
  });
  return terms.every((t) => {
    const term = bareWord(t);
    const latin = /^[a-z0-9_]+$/.test(term);
    return matched.some((w) => w.startsWith(term) || (latin && stem(term).startsWith(stem(w)) && stem(w).length >= Math.min(4, stem(term).length)));
  });
}

export interface Engine {
  /**
   * `exact`: read on until one result beyond `limit` is found, so `more` is certain (an item in two
   * languages is two records). The first page skips this to keep its bytes small; "more"
   * pages use it.
   */
  search(query: string, filters?: Filters, limit?: number, opts?: { exact?: boolean }): Promise<SearchOutcome>;
  /** Prepare for the first query while the reader has not typed yet (see createEngine). */
  warm(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/**
 * Pagefind decides how to cut a query from the page's <html lang> when it starts (a Japanese page cuts
 * and re-segments every word). The analysed index is already cut, so the runtime starts as if the
 * page were in the index's language; the attribute is restored in the same task, before anything
 * renders or reads it.
 */
function startInLanguage(pf: PagefindModule, lang: string | undefined): Promise<void> {
  const html = typeof document !== 'undefined' ? document.documentElement : null;
  if (!html || !lang) return pf.init();
  const page = html.getAttribute('lang');
  html.setAttribute('lang', lang);
  try {
    return pf.init();
  } finally {
    if (page === null) html.removeAttribute('lang');
    else html.setAttribute('lang', page);
  }
}

/** A word most portals' pages contain, so its chunk is one a first query likely needs. */
const WARM_WORD = '設定';
/** Up to this many pages the index is a few chunks: loading them ahead costs little. */
export const PRELOAD_MAX_PAGES = 200;

export async function createEngine(config: EngineConfig): Promise<Engine> {
  if (!config.index) throw new Error('no readable search index');
  const load = config.load ?? ((url: string) => import(/* @vite-ignore */ url) as Promise<PagefindModule>);
  const pf = await load(`${config.base}${config.index}/pagefind.js`);
  const analysed = config.mode === 'analysed';
  // Fragments read for the last search are kept: "more results" re-runs it with a larger limit and
  // must not fetch the first page's fragments again. Only for the same query: a fragment carries the
  // locations of that query's words.
  let fragmentsFor = '';
  let fragments = new Map<string, Promise<PagefindData>>();
  // Filled by warm() from the fragment bundle: then no result needs a request of its own. The analysed
  // engine reads only a fragment's text, address and meta; the matched words are the result's own.
  let bundle = new Map<string, BundledFragment>();
  const fragment = (r: PagefindResult) => {
    let p = fragments.get(r.id);
    if (!p) {
      const b = bundle.get(r.id);
      fragments.set(r.id, (p = b ? Promise.resolve({ ...b, content: b.content.replace(/\u200B/g, ''), excerpt: '', locations: r.words }) : r.data()));
    }
    return p;
  };
  // No worker: one less file to fetch, and the shown results are few.
  await pf.options({ basePath: `${config.base}${config.index}/`, noWorker: true, excerptLength: 28 });
  await startInLanguage(pf, analysed ? ANALYSED_LANG : undefined);
  return {
    async search(query, filters = {}, limit = 10, opts = {}) {
      const started = performance.now();
      const term = toEngineQuery(query, config.mode);
      const active: Record<string, unknown> = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      if (!term && !Object.keys(active).length) return { hits: [], related: [], total: 0, more: false, ms: 0 };
      const found = await pf.search(term || null, { filters: active });
      const searchKey = JSON.stringify([term, active]);
      if (searchKey !== fragmentsFor) [fragmentsFor, fragments] = [searchKey, new Map()];
      const results = found?.results ?? [];
      const terms = analysed ? term.split(' ').filter(Boolean) : [];
      // Only the shown results' fragments are fetched (they are most of the first query's bytes);
      // an item indexed in two languages is shown once (its best-ranked record), and
      // only then are further fragments fetched to fill the list. Results found only through a
      // shortened word go to `related`; at most `limit` fragments beyond the first list are read.
      const seen = new Map<string, Hit>();
      const hits: Hit[] = [];
      const related: Hit[] = [];
      let next = 0;
      const want = opts.exact ? limit + 1 : limit;
      const bound = opts.exact ? results.length : limit * 2;
      while (hits.length < want && next < results.length && next < bound) {
        const batch = results.slice(next, next + (want - hits.length));
        next += batch.length;
        for (const d of await Promise.all(batch.map(fragment))) {
          const id = d.meta.key ?? d.url;
          const hit: Hit = {
            url: d.url,
            title: d.meta.title ?? d.url,
            type: d.meta.type ?? '',
            level: d.meta.level ?? '',
            area: d.meta.area ?? '',
            locale: d.meta.locale ?? '',
            excerpt: analysed ? analysedExcerpt(d.content, d.locations) : excerptSegments(d.excerpt, config.mode === 'bigram' ? 'bigram' : 'native'),
          };
          const kept = seen.get(id);
          if (kept) {
            // The reader's own language wins over a better-ranked translation, in the same place.
            if (config.locale && hit.locale === config.locale && kept.locale !== config.locale) Object.assign(kept, hit);
            continue;
          }
          seen.set(id, hit);
          if (!terms.length || containsAllTerms(terms, d.content, d.locations)) hits.push(hit);
          else if (related.length < limit) related.push(hit);
        }
      }
      const unseen = results.length - next;
      const more = !related.length && (opts.exact ? hits.length > limit : unseen > 0);
      if (hits.length > limit) hits.length = limit;
      return { hits, related, total: related.length ? hits.length : hits.length + Math.max(0, unseen), more, ms: performance.now() - started };
    },
    filters: () => pf.filters(),
    async warm() {
      // The first query of a visit otherwise pays for the word segmenter's dictionary (cut a phrase now)
      // and for fetching and decoding its index chunks, most of its time (a few hundred ms
      // on a busy CPU). On a small portal every chunk is therefore loaded in idle time: the server lists
      // words that reach them all (build-index.ts), preloaded one at a time so typing never waits long.
      // A big index is left alone, so a visit's first query still downloads only the chunks it needs
      // (the first-query byte budget at 1,000 pages).
      toEngineQuery('検索の準備をします', config.mode);
      if ((config.pages ?? Infinity) > PRELOAD_MAX_PAGES) return;
      const words = config.warmWords?.length ? config.warmWords : [toEngineQuery(WARM_WORD, config.mode)];
      const bundled =
        config.bundled && analysed
          ? fetch(`${config.base}${config.index}/${FRAGMENT_BUNDLE}`, { credentials: 'same-origin' })
              .then(async (res) => (res.ok ? new Map(Object.entries((await res.json()) as Record<string, BundledFragment>)) : bundle))
              // Without the bundle each result loads its own fragment, as on a big index.
              .catch(() => bundle)
          : Promise.resolve(bundle);
      for (const w of words) await pf.preload(w);
      bundle = await bundled;
      // One real search (no fragments fetched): the first one of a page runs colder code.
      await pf.search(words[0]!);
    },
  };
}
