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
  /** Applied to the Japanese UI path; `perKind` is the floor for every difficulty type. */
  threshold: { recallAt5: number; mrr: number; perKind?: number };
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

export interface Rates {
  recallAt5: number;
  mrr: number;
  n: number;
}

export interface QualityReport extends Rates {
  byLang: Record<string, Rates>;
  byKind: Record<string, Rates>;
  scores: QueryScore[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const rates = (sub: QueryScore[]): Rates => ({ recallAt5: mean(sub.map((s) => s.recallAt5)), mrr: mean(sub.map((s) => s.reciprocalRank)), n: sub.length });

/**
 * recall@5 = share of a query's expected keys in its top five; MRR = mean of 1/rank of the first right
 * answer. A query that should find nothing (`expect: []`) scores 1 on both only when nothing is shown
 * above the "related" divider.
 */
export function score(cases: QueryCase[], found: { keys: string[] }[]): QualityReport {
  const scores: QueryScore[] = cases.map((c, i) => {
    const top = found[i]!.keys;
    const top5 = top.slice(0, 5);
    if (!c.expect.length) return { q: c.q, lang: c.lang, kind: c.kind, recallAt5: top.length ? 0 : 1, reciprocalRank: top.length ? 0 : 1, top: top5 };
    const rank = top.findIndex((k) => c.expect.includes(k));
    return {
      q: c.q,
      lang: c.lang,
      kind: c.kind,
      recallAt5: c.expect.filter((k) => top5.includes(k)).length / c.expect.length,
      reciprocalRank: rank >= 0 ? 1 / (rank + 1) : 0,
      top: top5,
    };
  });
  const group = (key: 'lang' | 'kind') => Object.fromEntries([...new Set(scores.map((s) => s[key]))].map((v) => [v, rates(scores.filter((s) => s[key] === v))]));
  return { ...rates(scores), byLang: group('lang'), byKind: group('kind'), scores };
}

/** The same figures from an engine running in this process (Node: no page, so no page language). */
export async function evaluate(engine: Engine, cases: QueryCase[]): Promise<QualityReport> {
  const found = [];
  for (const c of cases) found.push({ keys: (await engine.search(c.q, {}, 10)).hits.map((h) => keyOf(h.url)) });
  return score(cases, found);
}
