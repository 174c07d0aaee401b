import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Viewer } from '../../src/lib/access.ts';
import { buildSearchIndexes } from '../../src/lib/server/search/build-index.ts';
import { searchFileResponse } from '../../src/lib/server/search/files.ts';
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

describe('search indexes per audience tier', () => {
  it('writes one bundle per tier, each holding only the items of its audience', () => {
    expect(readdirSync(dir).sort()).toEqual(['customers', 'plan-enterprise', 'public', 'segment-high', 'tiers.json']);
    const pub = tierText('public');
    expect(pub).toContain('ダッシュボードの権限設定');
    expect(pub).not.toContain('翡翠ロードマップ');
    expect(pub).not.toContain('obsidian');
    expect(pub).not.toContain('Slack連携');
    expect(pub).not.toContain('コードブロックは索引に入らない');
    expect(tierText('segment-high')).toContain('翡翠ロードマップ');
    expect(tierText('customers')).not.toContain('翡翠ロードマップ');
    expect(tierText('plan-enterprise')).toContain('obsidian');
  });

  it('serves a tier only to a viewer who may read it', () => {
    process.env.JISOU_SEARCH_DIR = dir;
    const get = (viewer: Viewer | null, tier: string, file = 'pagefind-entry.json') =>
      searchFileResponse({ viewer, tier, file, acceptEncoding: null }).status;
    expect(get(null, 'public')).toBe(200);
    expect(get(null, 'customers')).toBe(401);
    expect(get(null, 'segment-high')).toBe(401);
    expect(get(globex, 'customers')).toBe(200);
    expect(get(globex, 'segment-high')).toBe(403);
    expect(get(globex, 'plan-enterprise')).toBe(403);
    expect(get(acme, 'segment-high')).toBe(200);
    expect(get(acme, 'plan-enterprise')).toBe(200);
    expect(get(staff, 'plan-enterprise')).toBe(200);
    expect(get(acme, 'public', '../tiers.json')).toBe(404);
    expect(get(acme, 'public', 'pagefind-ui.js')).toBe(404);
    expect(get(acme, 'nope')).toBe(404);
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
