// Ranking quality of the search the browser runs: recall@5 and MRR over tests/fixtures/search-queries.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from '../../src/lib/client/search-engine.ts';

export interface QueryCase {
  q: string;
  lang: 'ja' | 'en';
  /** What the query exercises, e.g. `word`, `compound`, `partial`, `kana`, `english`. */
  kind: string;
  /** Content keys that are right answers; the first is the best one. */
  expect: string[];
}

export interface QuerySet {
  threshold: { recallAt5: number; mrr: number };
  queries: QueryCase[];
}

export const QUERY_FILE = resolve(import.meta.dirname, '../../tests/fixtures/search-queries.json');

export function loadQuerySet(path = QUERY_FILE): QuerySet {
  return JSON.parse(readFileSync(path, 'utf8')) as QuerySet;
}

/** The content key of a result URL (`/manuals/<key>`). */
const keyOf = (url: string) => url.split('?')[0]!.split('/').filter(Boolean).pop() ?? '';

export interface QueryScore {
  q: string;
  lang: string;
  kind: string;
  recallAt5: number;
  reciprocalRank: number;
  top: string[];
}

export interface QualityReport {
  recallAt5: number;
  mrr: number;
  byLang: Record<string, { recallAt5: number; mrr: number; n: number }>;
  scores: QueryScore[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** recall@5 = share of a query's expected keys in its top five; MRR = mean of 1/rank of the first right answer. */
export async function evaluate(engine: Engine, cases: QueryCase[]): Promise<QualityReport> {
  const scores: QueryScore[] = [];
  for (const c of cases) {
    const top = (await engine.search(c.q, {}, 10)).hits.map((h) => keyOf(h.url));
    const top5 = top.slice(0, 5);
    const rank = top.findIndex((k) => c.expect.includes(k));
    scores.push({
      q: c.q,
      lang: c.lang,
      kind: c.kind,
      recallAt5: c.expect.filter((k) => top5.includes(k)).length / c.expect.length,
      reciprocalRank: rank >= 0 ? 1 / (rank + 1) : 0,
      top: top5,
    });
  }
  const byLang: QualityReport['byLang'] = {};
  for (const lang of [...new Set(scores.map((s) => s.lang))]) {
    const sub = scores.filter((s) => s.lang === lang);
    byLang[lang] = { recallAt5: mean(sub.map((s) => s.recallAt5)), mrr: mean(sub.map((s) => s.reciprocalRank)), n: sub.length };
  }
  return { recallAt5: mean(scores.map((s) => s.recallAt5)), mrr: mean(scores.map((s) => s.reciprocalRank)), byLang, scores };
}
