// The search engine both the header box and the search page use (and the bench runs in Node):
// Pagefind's runtime from the first readable tier, every further readable tier merged into it.
import { normalizeText, toBigramQuery } from './search-terms.ts';
import { excerptSegments, type ExcerptSegment } from './search-excerpt.ts';

export type SearchMode = 'native' | 'bigram';

export interface EngineConfig {
  /** URL prefix of the gated index route, e.g. `/search-index/`. */
  base: string;
  /** Tier ids the server said this session may read, public first. */
  tiers: string[];
  mode: SearchMode;
  /** Score multiplier per tier (see tierWeights in src/lib/server/search/tiers.ts); default 1. */
  weights?: Record<string, number>;
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
  hits: Hit[];
  total: number;
  /** Milliseconds spent in search + loading the shown results' fragments. */
  ms: number;
}

export type Filters = Partial<Record<'type' | 'level' | 'area', string>>;

interface PagefindData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindData>;
}
export interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, o?: Record<string, unknown>): Promise<void>;
  search(term: string | null, o?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] } | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/** The query as the index expects it (see search-terms.ts). */
export function toEngineQuery(query: string, mode: SearchMode): string {
  return mode === 'bigram' ? toBigramQuery(query) : normalizeText(query);
}

export interface Engine {
  search(query: string, filters?: Filters, limit?: number): Promise<SearchOutcome>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

export async function createEngine(config: EngineConfig): Promise<Engine> {
  const [primary, ...rest] = config.tiers;
  if (!primary) throw new Error('no readable search index');
  const load = config.load ?? ((url: string) => import(/* @vite-ignore */ url) as Promise<PagefindModule>);
  const pf = await load(`${config.base}${primary}/pagefind.js`);
  // No worker: one less file to fetch, and the shown results are few.
  const weight = (tier: string) => config.weights?.[tier] ?? 1;
  await pf.options({ basePath: `${config.base}${primary}/`, noWorker: true, excerptLength: 28, indexWeight: weight(primary) });
  await pf.init();
  for (const tier of rest) await pf.mergeIndex(`${config.base}${tier}/`, { indexWeight: weight(tier) });
  return {
    async search(query, filters = {}, limit = 10) {
      const started = performance.now();
      const term = toEngineQuery(query, config.mode);
      const active = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
      if (!term && !Object.keys(active).length) return { hits: [], total: 0, ms: 0 };
      const found = await pf.search(term || null, { filters: active });
      const results = found?.results ?? [];
      // Only the shown results' fragments are fetched (they are most of the first query's bytes);
      // an item indexed in two tiers or two languages is shown once (its best-ranked record), and
      // only then are further fragments fetched to fill the list.
      const seen = new Set<string>();
      const hits: Hit[] = [];
      let next = 0;
      while (hits.length < limit && next < results.length) {
        const batch = results.slice(next, next + (limit - hits.length));
        next += batch.length;
        for (const d of await Promise.all(batch.map((r) => r.data()))) {
          const id = d.meta.key ?? d.url;
          if (seen.has(id)) continue;
          seen.add(id);
          hits.push({
            url: d.url,
            title: d.meta.title ?? d.url,
            type: d.meta.type ?? '',
            level: d.meta.level ?? '',
            area: d.meta.area ?? '',
            locale: d.meta.locale ?? '',
            excerpt: excerptSegments(d.excerpt, config.mode),
          });
        }
      }
      const duplicates = next - seen.size;
      return { hits, total: results.length - duplicates, ms: performance.now() - started };
    },
    filters: () => pf.filters(),
  };
}
