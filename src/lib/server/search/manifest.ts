import type { IndexSet, Tier } from './tiers.ts';

/**
 * How Japanese text reaches Pagefind:
 * - `native`: every record is `lang="ja"` and Pagefind's own segmenter splits the words;
 * - `bigram`: Japanese runs are rewritten as overlapping two-character pieces (see
 *   src/lib/client/search-terms.ts) and the browser cuts the query the same way.
 * The shipped mode was chosen by the figures of `npm run bench:search` (2026-11-22, demo content):
 * native recall@5 97.4% / MRR 0.878 and ~128 KB for a first query at 1,000 pages; bigram 96.9% /
 * 0.855 but 170–195 KB for queries of two or more pieces (each piece fetches an index chunk).
 * - `analysed` (shipped since 2026-12-01): our own analysis on both sides (src/lib/client/search-analyze.ts:
 *   segmenter words, folded forms and synonyms as hidden words, questions cut to content words), the
 *   records written as Pagefind English so Pagefind neither re-cuts nor re-segments. Measured on the
 *   Japanese UI path (Chromium, 121 queries) — see docs/operations.md "Search" for the figures.
 */
export type SearchMode = 'native' | 'bigram' | 'analysed';
export const SEARCH_MODE: SearchMode = 'analysed';

/** What the build wrote, read by the gated route and the pages that start a search. */
export interface TierManifest {
  mode: SearchMode;
  builtAt: string;
  /** The audience tiers present in the content, with their page counts (what an index set is made of). */
  tiers: (Tier & { pages: number })[];
  /**
   * The indexes written, one per set of tiers a reader can have (tiers.ts indexSetsFor). `warm`: words
   * spread evenly over the index's sorted vocabulary, so preloading them loads every chunk of a small
   * index ahead of the first query (search-engine.ts warm()). `bundled`: every fragment is also in one
   * file (search-engine.ts FRAGMENT_BUNDLE), loaded ahead too.
   */
  indexes: (IndexSet & { pages: number; warm?: string[]; bundled?: boolean })[];
}

export const MANIFEST_FILE = 'tiers.json';
