import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Viewer } from '../../src/lib/access.ts';
import { writeSearchIndexes, type SearchDoc } from '../../src/lib/server/search/build-index.ts';
import { SEARCH_MODE } from '../../src/lib/server/search/manifest.ts';
import { generateCorpus } from '../../scripts/lib/search-corpus.ts';
import { openEngine } from '../../scripts/lib/search-runner.ts';

// One ranking across tiers: a restricted item is in the same index as the public items its reader sees
// (one index per combination of tiers); it must rank by relevance among them, neither boosted above
// them nor sunk below them.
const acme: Viewer = { userId: 'u1', role: 'customer', accountId: 'a1', segment: 'high', plan: 'enterprise' };
const filler = 'チケットの担当を決めて、返信の下書きを共有します。週次のレポートで件数を確かめます。';
const doc = (key: string, title: string, text: string, audience: SearchDoc['audience'] = 'public'): SearchDoc => ({
  type: 'article', key, locale: 'ja', title, description: '', level: 2, audience, tags: [], text,
});
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-ranking-'));
  const docs = [
    ...generateCorpus(40).map((d) => ({ ...d, text: d.text.slice(0, 400) })),
    doc('public-invoice', '請求書の再発行', `請求書は管理画面から再発行できます。請求書の宛名も変えられます。${filler}`),
    doc('restricted-mention', '専任担当の定例会', `${filler.repeat(6)}定例会の前に請求書の状況も確認します。${filler.repeat(6)}`, { segments: ['high'], plans: [] }),
    doc('restricted-audit', '操作履歴の確認', `監査ログには操作の履歴が残ります。監査ログは1年間保存されます。${filler}`, { segments: ['high'], plans: [] }),
    doc('public-mention', '週次の振り返り', `${filler.repeat(6)}必要なら監査ログも見ます。${filler.repeat(6)}`),
  ];
  await writeSearchIndexes(docs, dir, SEARCH_MODE);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function keysFor(query: string): Promise<string[]> {
  const { engine, server } = await openEngine(dir, acme, SEARCH_MODE);
  try {
    return (await engine.search(query, {}, 10)).hits.map((h) => h.url.split('/').pop()!);
  } finally {
    await server.close();
  }
}

describe('ranking across tiers', () => {
  it('a restricted item that only mentions a word does not outrank the public page about it', async () => {
    const keys = await keysFor('請求書');
    expect(keys).toContain('restricted-mention');
    expect(keys.indexOf('public-invoice')).toBeLessThan(keys.indexOf('restricted-mention'));
    expect(keys[0]).toBe('public-invoice');
  });

  it('a restricted item that uses the word more ranks above a public page that mentions it once', async () => {
    const keys = await keysFor('監査ログ');
    expect(keys.slice(0, 2).sort()).toEqual(['public-mention', 'restricted-audit'].sort());
    expect(keys[0]).toBe('restricted-audit');
  });
});
