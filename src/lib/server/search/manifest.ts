import type { Tier } from './tiers.ts';

/**
 * How Japanese text reaches Pagefind:
 * - `native`: every record is `lang="ja"` and Pagefind's own segmenter splits the words;
 * - `bigram`: Japanese runs are rewritten as overlapping two-character pieces (see
 *   src/lib/client/search-terms.ts) and the browser cuts the query the same way.
 * The shipped mode was chosen by the figures of `npm run bench:search` (2026-11-22, demo content):
 * native recall@5 97.4% / MRR 0.878 and ~128 KB for a first query at 1,000 pages; bigram 96.9% /
 * 0.855 but 170–195 KB for queries of two or more pieces (each piece fetches an index chunk).
 */
export type SearchMode = 'native' | 'bigram';
export const SEARCH_MODE: SearchMode = 'native';

/** What the build wrote, read by the gated route and the pages that start a search. */
export interface TierManifest {
  mode: SearchMode;
  builtAt: string;
  tiers: (Tier & { pages: number })[];
}

export const MANIFEST_FILE = 'tiers.json';
