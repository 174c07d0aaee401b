import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadSearchDocs, writeSearchIndexes } from '../../src/lib/server/search/build-index.ts';
import { SEARCH_MODE } from '../../src/lib/server/search/manifest.ts';
import { loadSynonyms } from '../../src/lib/content/search-synonyms.ts';
import { loadQuerySet, score, type QualityReport } from '../../scripts/lib/search-quality.ts';
import { searchInBrowser } from '../../scripts/lib/search-browser.ts';
import { launchChromium } from '../support/browser.ts';

// The query set against the demo content, ranked by the browser's own engine code in Chromium on a
// page in each UI language (Pagefind reads <html lang>), over the shipped index mode and the same
// files the gated route serves, with every tier as staff would read them.
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-search-quality-'));
  await writeSearchIndexes(loadSearchDocs(ROOT), dir, SEARCH_MODE, loadSynonyms(ROOT).groups);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const staff = { userId: 'quality', role: 'admin' as const };

async function reportFor(lang: 'ja' | 'en'): Promise<QualityReport> {
  const set = loadQuerySet();
  return score(set.queries, await searchInBrowser(browser, dir, staff, lang, set.queries.map((q) => q.q), SEARCH_MODE));
}

const misses = (r: QualityReport) => r.scores.filter((s) => s.recallAt5 < 1).map((s) => `${s.kind} ${s.q} → ${s.top.join(', ') || '(nothing)'}`).join('\n');

describe('Japanese and English search quality', () => {
  it('has at least 30 Japanese and 10 English queries of every difficulty type, whose expected items exist', () => {
    const set = loadQuerySet();
    expect(set.queries.filter((q) => q.lang === 'ja').length).toBeGreaterThanOrEqual(30);
    expect(set.queries.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(10);
    const kinds = new Set(set.queries.map((q) => q.kind));
    for (const kind of ['question', 'inflected', 'okurigana', 'variant', 'synonym', 'english-ja', 'unindexed', 'nothing']) expect(kinds, kind).toContain(kind);
    const keys = new Set(loadSearchDocs(ROOT).map((d) => d.key));
    const unknown = set.queries.flatMap((q) => q.expect.filter((k) => !keys.has(k)).map((k) => `${q.q} → ${k}`));
    expect(unknown).toEqual([]);
  });

  it('reaches the thresholds on the Japanese UI path, overall and for every type; unknown words find nothing above the divider', async () => {
    const { threshold } = loadQuerySet();
    const r = await reportFor('ja');
    expect(r.recallAt5, misses(r)).toBeGreaterThanOrEqual(threshold.recallAt5);
    expect(r.mrr, misses(r)).toBeGreaterThanOrEqual(threshold.mrr);
    for (const [kind, v] of Object.entries(r.byKind)) expect(v.recallAt5, `${kind}\n${misses(r)}`).toBeGreaterThanOrEqual(threshold.perKind ?? 0);
    expect(r.byKind.nothing!.recallAt5, misses(r)).toBe(1);
  }, 120_000);

  it('reaches the recall threshold on the English UI path too', async () => {
    const { threshold } = loadQuerySet();
    const r = await reportFor('en');
    expect(r.recallAt5, misses(r)).toBeGreaterThanOrEqual(threshold.recallAt5);
  }, 120_000);
});
