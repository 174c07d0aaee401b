import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSearchDocs, writeSearchIndexes } from '../../src/lib/server/search/build-index.ts';
import { SEARCH_MODE } from '../../src/lib/server/search/manifest.ts';
import { evaluate, loadQuerySet } from '../../scripts/lib/search-quality.ts';
import { openEngine } from '../../scripts/lib/search-runner.ts';

// The query set against the demo content, ranked by the browser's own engine code over the shipped
// index mode (the same files the gated route serves), read with every tier as staff would.
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-search-quality-'));
  await writeSearchIndexes(loadSearchDocs(ROOT), dir, SEARCH_MODE);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Japanese and English search quality', () => {
  it('has at least 30 Japanese and 10 English queries whose expected items exist', () => {
    const set = loadQuerySet();
    expect(set.queries.filter((q) => q.lang === 'ja').length).toBeGreaterThanOrEqual(30);
    expect(set.queries.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(10);
    const keys = new Set(loadSearchDocs(ROOT).map((d) => d.key));
    const unknown = set.queries.flatMap((q) => q.expect.filter((k) => !keys.has(k)).map((k) => `${q.q} → ${k}`));
    expect(unknown).toEqual([]);
  });

  it('reaches the recall@5 and MRR thresholds', async () => {
    const set = loadQuerySet();
    const { engine, server } = await openEngine(dir, { userId: 'quality', role: 'admin' }, SEARCH_MODE);
    try {
      const report = await evaluate(engine, set.queries);
      const misses = report.scores.filter((s) => s.recallAt5 < 1).map((s) => `${s.q} → ${s.top.join(', ')}`);
      expect(report.recallAt5, misses.join('\n')).toBeGreaterThanOrEqual(set.threshold.recallAt5);
      expect(report.mrr, misses.join('\n')).toBeGreaterThanOrEqual(set.threshold.mrr);
    } finally {
      await server.close();
    }
  }, 60_000);
});
