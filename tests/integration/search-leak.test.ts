import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSearchIndexes, loadSearchDocs, type SearchDoc } from '../../src/lib/server/search/build-index.ts';
import { itemHref } from '../../src/lib/content/routes.ts';
import { validateContent } from '../../src/lib/content/validate.ts';
import { ROOT, startTestServer, type TestServer } from '../support/server.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/search-content');

/** Files under `dir`, as paths relative to it with forward slashes. */
function walk(dir: string, top = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, top) : [relative(top, full).split(sep).join('/')];
  });
}

/** Readable text of a response: Pagefind's gzip chunks unpacked, its zero-width word breaks removed. */
async function bodyText(res: Response): Promise<string> {
  const raw = Buffer.from(await res.arrayBuffer());
  const plain = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  // The analysed index stores hidden folded/synonym words (⁂…) and spaces between Japanese words:
  // hidden words are taken out and all whitespace dropped (phrases are compared without it too), so
  // a gated phrase is recognised in whatever form the index keeps it.
  return plain
    .toString('utf8')
    .replace(/\u200b/g, '')
    .replace(/\s*⁂[^\s"]*/g, '')
    .replace(/\s+/g, '')
    .normalize('NFKC');
}

/**
 * Phrases that occur in gated items and in no public item: titles and slices of the body. Public
 * items are compared in full source (component captions, tables, frontmatter), so a phrase a
 * public page legitimately shows is never mistaken for a leak.
 */
function gatedPhrases(root: string, docs: SearchDoc[]): string[] {
  const publicSources = validateContent(root).items.filter((i) => i.data.audience === 'public').map((i) => `${JSON.stringify(i.data)} ${i.body}`);
  const publicText = [...publicSources, ...docs.filter((d) => d.audience === 'public').map((d) => `${d.title} ${d.description} ${d.text}`)].join('\n').normalize('NFKC');
  const phrases = new Set<string>();
  for (const d of docs.filter((x) => x.audience !== 'public')) {
    const text = d.text.normalize('NFKC');
    for (const candidate of [d.title.normalize('NFKC'), text.slice(0, 14), text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 14)]) {
      if (candidate.trim().length >= 6 && !publicText.includes(candidate)) phrases.add(candidate);
    }
  }
  return [...phrases];
}

describe('no gated text reaches a signed-out visitor', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisou-leak-'));
    await buildSearchIndexes(FIXTURE, join(dir, 'search'));
    server = await startTestServer({ JISOU_SEARCH_DIR: join(dir, 'search') });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fixture: the public index, every static asset and every page are free of gated phrases', async () => {
    const docs = loadSearchDocs(FIXTURE);
    // Phrases written into the gated fixtures for this test, plus titles and slices of every gated item.
    const phrases = ['翡翠ロードマップ会議', 'obsidian rollout checklist', ...gatedPhrases(FIXTURE, docs)];
    const found = await leaksIn(server.baseUrl, join(dir, 'search'), docs, phrases);
    expect(found.publicFiles).toBeGreaterThan(3);
    expect(found.leaks).toEqual([]);
    // Control: the phrase is in the gated index's own files, in a form this check recognises.
    const gated = walk(join(dir, 'search/customers+segment-high')).filter((f) => f.startsWith('fragment/'));
    const texts = await Promise.all(gated.map((f) => bodyText(new Response(readFileSync(join(dir, 'search/customers+segment-high', f))))));
    expect(texts.some((t) => t.includes('翡翠ロードマップ会議'))).toBe(true);
  });

  it('demo content: gated items stay out of everything a visitor can fetch', async () => {
    const docs = loadSearchDocs(ROOT);
    const phrases = gatedPhrases(ROOT, docs);
    expect(phrases.length).toBeGreaterThan(10);
    const found = await leaksIn(inject('baseUrl'), join(ROOT, 'dist/search'), docs, phrases);
    expect(found.leaks).toEqual([]);
  });
});

/** Fetch every file a signed-out visitor can reach (pages, static assets, the public index) and every gated index file; list what leaks. */
async function leaksIn(baseUrl: string, searchDir: string, docs: SearchDoc[], phrases: string[]) {
  const hrefs = [...new Set(docs.map((d) => itemHref(d.type, d.key)))];
  const urls = [
    '/', '/search', '/search?q=%E8%A8%AD%E5%AE%9A', ...hrefs,
    ...walk(join(ROOT, 'dist/client')).map((f) => `/${f}`),
    ...walk(join(searchDir, 'public')).map((f) => `/search-index/public/${f}`),
  ];
  const leaks: string[] = [];
  for (const url of urls) {
    const res = await fetch(`${baseUrl}${url}`, { redirect: 'manual' });
    if (url.startsWith('/search-index/')) expect(res.status, url).toBe(200);
    const text = await bodyText(res);
    for (const p of phrases) if (text.includes(p.replace(/\s+/g, ''))) leaks.push(`${p} in ${url}`);
  }
  // scheduled/ holds the sets for upcoming releases (publish.test.ts checks those); every other folder is an index set.
  for (const tier of readdirSync(searchDir).filter((t) => t !== 'public' && t !== 'scheduled' && !t.endsWith('.json'))) {
    for (const f of walk(join(searchDir, tier))) {
      const res = await fetch(`${baseUrl}/search-index/${tier}/${f}`);
      const text = await bodyText(res);
      if (res.status !== 401) leaks.push(`${tier}/${f} answered ${res.status}`);
      for (const p of phrases) if (text.includes(p.replace(/\s+/g, ''))) leaks.push(`${p} in ${tier}/${f}`);
    }
  }
  return { leaks, publicFiles: walk(join(searchDir, 'public')).length };
}
