import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Viewer } from '../../src/lib/access.ts';
import { buildSearchIndexes, loadSearchDocs } from '../../src/lib/server/search/build-index.ts';
import { searchFileResponse, searchSetupFor } from '../../src/lib/server/search/files.ts';
import { indexSetsFor, segmentTier, planTier, type Tier } from '../../src/lib/server/search/tiers.ts';
import { openEngine } from '../../scripts/lib/search-runner.ts';
import { SEARCH_MODE } from '../../src/lib/server/search/manifest.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/search-content');
const acme: Viewer = { userId: 'u1', role: 'customer', accountId: 'a1', segment: 'high', plan: 'enterprise' };
const globex: Viewer = { userId: 'u2', role: 'customer', accountId: 'a2', segment: 'tech', plan: 'starter' };
const staff: Viewer = { userId: 'u3', role: 'admin' };

let dir: string;

/**
 * Indexed text as a reader would read it: Pagefind's zero-width word breaks out, and for the analysed
 * index the hidden folded/synonym words out; whitespace is dropped (the analysed index puts spaces
 * between Japanese words), so compare against text without spaces.
 */
function readableText(text: string): string {
  return text
    .replace(/\u200b/g, '')
    .replace(/\s*⁂[^\s"]*/g, '')
    .replace(/\s+/g, '');
}

/** Every file of a tier as text, Pagefind's gzip chunks unpacked. */
function tierText(tier: string): string {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const name of readdirSync(p)) {
      const full = join(p, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const raw = readFileSync(full);
        // Pagefind gzips its chunks and puts zero-width spaces between Japanese words.
        out.push(readableText((raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8')));
      }
    }
  };
  walk(join(dir, tier));
  return out.join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-search-'));
  await buildSearchIndexes(FIXTURE, dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const highOnly: Viewer = { userId: 'u4', role: 'customer', accountId: 'a3', segment: 'high', plan: 'starter' };
const ALL = 'customers+segment-high+plan-enterprise';

describe('one search index per combination of readable tiers', () => {
  it('writes one bundle per combination, each holding only what every reader of it may open', () => {
    // Staff read every tier, which here is the same set as a high-touch enterprise customer's.
    expect(readdirSync(dir).sort()).toEqual(['customers', 'customers+plan-enterprise', 'customers+segment-high', ALL, 'public', 'tiers.json'].sort());
    const pub = tierText('public');
    expect(pub).toContain('ダッシュボードの権限設定');
    expect(pub).not.toContain('翡翠ロードマップ');
    expect(pub).not.toContain('obsidian');
    expect(pub).not.toContain('Slack連携');
    expect(pub).not.toContain('コードブロックは索引に入らない');
    expect(tierText('customers')).toContain('Slack連携');
    expect(tierText('customers')).not.toContain('翡翠ロードマップ');
    expect(tierText('customers')).not.toContain('obsidian');
    expect(tierText('customers+segment-high')).toContain('翡翠ロードマップ');
    expect(tierText('customers+segment-high')).toContain('ダッシュボードの権限設定');
    expect(tierText('customers+segment-high')).not.toContain('obsidian');
    expect(tierText('customers+plan-enterprise')).toContain('obsidian');
    expect(tierText('customers+plan-enterprise')).not.toContain('翡翠ロードマップ');
    expect(tierText(ALL)).toContain('obsidian');
    expect(tierText(ALL)).toContain('翡翠ロードマップ');
  });

  it('hands each viewer the one index of exactly the tiers they may read', () => {
    process.env.JISOU_SEARCH_DIR = dir;
    expect(searchSetupFor(null).index).toBe('public');
    expect(searchSetupFor(globex).index).toBe('customers');
    expect(searchSetupFor(highOnly).index).toBe('customers+segment-high');
    expect(searchSetupFor(acme).index).toBe(ALL);
    expect(searchSetupFor(staff).index).toBe(ALL);
  });

  it('serves an index only to a viewer who may read every tier in it', () => {
    process.env.JISOU_SEARCH_DIR = dir;
    const get = (viewer: Viewer | null, index: string, file = 'pagefind-entry.json') =>
      searchFileResponse({ viewer, index, file, acceptEncoding: null }).status;
    expect(get(null, 'public')).toBe(200);
    expect(get(null, 'customers')).toBe(401);
    expect(get(null, 'customers+segment-high')).toBe(401);
    expect(get(globex, 'customers')).toBe(200);
    expect(get(globex, 'customers+segment-high')).toBe(403);
    expect(get(globex, 'customers+plan-enterprise')).toBe(403);
    expect(get(highOnly, 'customers+segment-high')).toBe(200);
    // In the segment but not on the plan: the combined index holds enterprise-only pages.
    expect(get(highOnly, ALL)).toBe(403);
    expect(get(highOnly, 'customers+plan-enterprise')).toBe(403);
    expect(get(acme, 'customers+segment-high')).toBe(200);
    expect(get(acme, ALL)).toBe(200);
    expect(get(staff, ALL)).toBe(200);
    expect(get(acme, 'public', '../tiers.json')).toBe(404);
    expect(get(acme, 'public', 'pagefind-ui.js')).toBe(404);
    expect(get(acme, 'nope')).toBe(404);
    // Tier names that are not an index set are not served (the old per-tier folders).
    expect(get(staff, 'segment-high')).toBe(404);
  });

  it('finds restricted items only for the accounts allowed to read them', async () => {
    const search = async (viewer: Viewer | null, queries: string[]) => {
      const { engine, server } = await openEngine(dir, viewer, SEARCH_MODE);
      try {
        const out: Record<string, string[]> = {};
        for (const q of queries) out[q] = (await engine.search(q)).hits.map((h) => h.url);
        return out;
      } finally {
        await server.close();
      }
    };
    const queries = ['権限設定', '定例会', 'slack', 'saml', '翡翠', 'reports'];
    const visitor = await search(null, queries);
    expect(visitor['権限設定']).toEqual(['/manuals/permission-setup']);
    expect(visitor['定例会']).toEqual([]);
    expect(visitor['slack']).toEqual([]);
    expect(visitor['saml']).toEqual([]);
    // One result per item even when both of its languages match.
    expect(visitor['reports']).toHaveLength(1);
    expect(visitor['reports']![0]).toMatch(/^\/articles\/getting-started-guide/);
    const other = await search(globex, queries);
    expect(other['slack']).toEqual(['/articles/slack-integration']);
    expect(other['定例会']).toEqual([]);
    expect(other['saml']).toEqual([]);
    const member = await search(acme, queries);
    expect(member['定例会']).toEqual(['/articles/high-touch-playbook']);
    expect(member['saml']).toEqual(['/articles/enterprise-sso?lang=en']);
    expect((await search(staff, ['翡翠']))['翡翠']).toEqual(['/articles/high-touch-playbook']);
  }, 60_000);
});

describe('index sets', () => {
  const pub: Tier = { id: 'public', audience: 'public' };
  const cust: Tier = { id: 'customers', audience: 'customers' };
  it('one per segment × plan combination, plus signed out, any customer and staff', () => {
    const sets = indexSetsFor([pub, cust, segmentTier('high'), segmentTier('tech'), planTier('enterprise')]);
    expect(sets.map((s) => s.id)).toEqual([
      'public', 'customers', 'customers+plan-enterprise', 'customers+segment-high', 'customers+segment-high+plan-enterprise',
      'customers+segment-tech', 'customers+segment-tech+plan-enterprise', 'all',
    ]);
    expect(sets.find((s) => s.id === 'all')!.tiers).toEqual(['public', 'customers', 'plan-enterprise', 'segment-high', 'segment-tech']);
  });

  it('no set twice, none empty: without public pages a visitor has no index', () => {
    expect(indexSetsFor([cust, segmentTier('high')]).map((s) => [s.id, s.tiers])).toEqual([
      ['customers', ['customers']],
      ['customers+segment-high', ['customers', 'segment-high']],
    ]);
  });
});

describe('what a manual page shows of its series', () => {
  it("a step carries its series' name (the first step's title) when its readers may read that step", () => {
    const docs = loadSearchDocs(FIXTURE, new Date('2026-06-01T00:00:00Z'));
    const billing = docs.find((d) => d.key === 'billing-invoices')!;
    const head = docs.find((d) => d.key === 'permission-setup')!;
    expect(billing.facts).toContain('ダッシュボードの権限設定');
    // The first step does not repeat its own title.
    expect(head.facts).not.toContain('ダッシュボードの権限設定');
  });
});
