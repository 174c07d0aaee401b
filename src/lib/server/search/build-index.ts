import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { validateContent, type CheckedItem } from '../../content/validate.ts';
import { itemHref } from '../../content/routes.ts';
import type { Audience, ContentType } from '../../../schemas/common.ts';
import { toBigramText } from '../../client/search-terms.ts';
import { ANALYSED_LANG, FRAGMENT_BUNDLE, PRELOAD_MAX_PAGES } from '../../client/search-engine.ts';
import { compileSynonyms, toIndexText, type SynonymIndex } from '../../client/search-analyze.ts';
import { mdxToText } from './mdx-text.ts';
import { loadSynonyms } from '../../content/search-synonyms.ts';
import { indexSetsFor, tiersForAudience, type Tier } from './tiers.ts';
import { MANIFEST_FILE, SEARCH_MODE, type SearchMode, type TierManifest } from './manifest.ts';
import { contentNow, isPublished, isScheduled } from '../../content/visibility.ts';
import { SCHEDULE_DIR, SCHEDULE_FILE, type SearchSchedule } from './schedule.ts';

/** Files of Pagefind's bundle the portal does not use (its own UI, the worker); never served. */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight|worker)\.|^playground$/;

export interface SearchDoc {
  type: ContentType;
  key: string;
  locale: string;
  title: string;
  description: string;
  level: number;
  audience: Audience;
  tags: string[];
  productArea?: string;
  /** Words readers search for it with that are not on the page (frontmatter `searchAliases`). */
  aliases?: string[];
  /** What the page shows besides its body: speakers and date, customer and industry, series. */
  facts?: string;
  text: string;
}

/**
 * Frontmatter a reader sees on the page (webinar speakers and date, case-study customer and industry,
 * manual series). `seriesTitle`: the title of the series' first step, which names the series in its
 * navigation (a series has no title field of its own).
 */
function pageFacts(data: Record<string, unknown>, seriesTitle?: string): string {
  const out: string[] = [];
  for (const s of (data.speakers as { name: string; role?: string }[] | undefined) ?? []) out.push(s.name, s.role ?? '');
  if (data.heldAt instanceof Date) {
    const d = data.heldAt;
    out.push(`${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`, d.toISOString().slice(0, 10));
  }
  for (const k of ['customer', 'industry', 'companySize', 'series'] as const) if (typeof data[k] === 'string') out.push(data[k].replace(/-/g, ' '));
  if (seriesTitle) out.push(seriesTitle);
  return out.filter(Boolean).join(' 。 ');
}

type SeriesStep = { data: { series?: string; order?: number; locale: string; title: string; audience: Audience } };

/**
 * Per manual, the title of its series' first step in the same language, when every reader of the
 * manual may read that step too (public, or the same audience): a title never reaches an index set
 * whose readers could not open its page.
 */
function seriesTitles(items: readonly CheckedItem[]): Map<CheckedItem, string> {
  const heads = new Map<string, SeriesStep['data']>();
  for (const i of items as unknown as SeriesStep[]) {
    const d = i.data;
    if (!d.series || d.order === undefined) continue;
    const id = `${d.series}\u0000${d.locale}`;
    if ((heads.get(id)?.order ?? Infinity) > d.order) heads.set(id, d);
  }
  const out = new Map<CheckedItem, string>();
  for (const i of items) {
    const d = (i as unknown as SeriesStep).data;
    const head = d.series ? heads.get(`${d.series}\u0000${d.locale}`) : undefined;
    if (head && head !== d && (head.audience === 'public' || JSON.stringify(head.audience) === JSON.stringify(d.audience))) out.set(i, head.title);
  }
  return out;
}

export function toSearchDoc(item: CheckedItem, seriesTitle?: string): SearchDoc {
  const d = item.data as CheckedItem['data'] & Pick<SearchDoc, 'title' | 'description' | 'level' | 'audience' | 'tags' | 'productArea'> & { searchAliases?: string[] };
  return {
    type: item.type,
    key: d.key,
    locale: d.locale,
    title: d.title,
    description: d.description,
    level: d.level,
    audience: d.audience,
    tags: d.tags,
    productArea: d.productArea,
    aliases: d.searchAliases ?? [],
    facts: pageFacts(item.data as Record<string, unknown>, seriesTitle),
    text: mdxToText(item.body),
  };
}

type Dated = { data: { draft?: boolean; publishedAt: Date } };

/** Items under `<root>/content` published at `now` as search documents (drafts never reach an index). */
export function loadSearchDocs(root: string, now: Date = contentNow()): SearchDoc[] {
  return toSearchDocs(validateContent(root).items.filter((i) => isPublished((i as unknown as Dated).data, now)));
}

/** Published items as search documents, each manual with its series' title. */
function toSearchDocs(items: readonly CheckedItem[]): SearchDoc[] {
  const titles = seriesTitles(items);
  return items.map((i) => toSearchDoc(i, titles.get(i)));
}

/** At most this many scheduled release times get an index set of their own (each is a full rebuild). */
const MAX_SCHEDULED = 12;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * One item as the HTML Pagefind indexes: the title weighs most, then the description, tags and
 * aliases, then what the page shows around the body (speakers, customer…), then the body.
 */
export function toIndexHtml(doc: SearchDoc, mode: SearchMode, synonyms?: SynonymIndex): string {
  const prep = mode === 'bigram' ? toBigramText : mode === 'analysed' ? (s: string) => toIndexText(s, synonyms) : (s: string) => s;
  const lang = mode === 'bigram' ? 'en' : mode === 'analysed' ? ANALYSED_LANG : 'ja';
  const filters = [`type:${doc.type}`, `level:${doc.level}`, ...(doc.productArea ? [`area:${escapeHtml(doc.productArea)}`] : [])];
  const meta = [`type:${doc.type}`, `level:${doc.level}`, `key:${doc.key}`, `locale:${doc.locale}`];
  if (doc.productArea) meta.push(`area:${escapeHtml(doc.productArea)}`);
  // One empty element per filter/meta value: Pagefind reads them from the attribute, not as text.
  const tags = [
    ...filters.map((f) => `<span data-pagefind-filter="${f}"></span>`),
    ...meta.map((m) => `<span data-pagefind-meta="${m}"></span>`),
  ].join('');
  const extra = mode === 'analysed' ? [doc.aliases?.join(' 。 ') ?? '', doc.facts ?? ''] : [];
  return (
    `<html lang="${lang}"><body data-pagefind-body>${tags}` +
    `<span data-pagefind-meta="title" data-pagefind-ignore>${escapeHtml(doc.title)}</span>` +
    `<h1 data-pagefind-weight="8">${escapeHtml(prep(doc.title))}</h1>` +
    `<p data-pagefind-weight="3">${escapeHtml(prep(doc.description))}</p>` +
    `<p data-pagefind-weight="3">${escapeHtml(prep(doc.tags.join(' 。 ')))}</p>` +
    (extra[0] ? `<p data-pagefind-weight="3">${escapeHtml(prep(extra[0]))}</p>` : '') +
    (extra[1] ? `<p data-pagefind-weight="2">${escapeHtml(prep(extra[1]))}</p>` : '') +
    `<p>${escapeHtml(prep(doc.text))}</p></body></html>`
  );
}

/** Words preloaded per small index: Pagefind cuts an index of this portal's size into a handful of chunks. */
const WARM_WORDS = 24;

/** The indexed words of one record's HTML (text between tags, as Pagefind reads it before stemming). */
function collectWords(html: string, into: Set<string>): void {
  for (const w of html.replace(/<[^>]*>/g, ' ').toLowerCase().split(/\s+/)) if (w.length > 1 && w.length < 40) into.add(w);
}

/** `n` words at even steps through the sorted vocabulary (chunks hold ranges of sorted words). */
function spreadWords(words: Set<string>, n: number): string[] {
  const sorted = [...words].sort();
  if (sorted.length <= n) return sorted;
  return Array.from({ length: n }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / n)]!);
}

/** What Pagefind puts before the JSON of every file it compresses. */
const PAGEFIND_SIGNATURE = 'pagefind_dcd';
/** A bundle of every fragment is written only while it stays this small, compressed (the first visit fetches it). */
const FRAGMENT_BUNDLE_MAX_BYTES = 160_000;

/**
 * Every fragment of a small analysed index in one file (id → url, content, meta), so a visit's first
 * query fetches no fragment: the page loads this once in idle time (search-engine.ts warm()). The
 * analysed engine needs only these three fields; excerpts come from the result's word locations.
 * Returns false (and writes nothing) when the bundle would be too big to load ahead.
 */
function writeFragmentBundle(dir: string): boolean {
  const parts: string[] = [];
  for (const name of readdirSync(join(dir, 'fragment'))) {
    const json = gunzipSync(readFileSync(join(dir, 'fragment', name))).subarray(PAGEFIND_SIGNATURE.length).toString('utf8');
    const { url, content, meta } = JSON.parse(json) as { url: string; content: string; meta?: Record<string, string> };
    parts.push(`${JSON.stringify(name.replace(/\.pf_fragment$/, ''))}:${JSON.stringify({ url, content, meta: meta ?? {} })}`);
  }
  const body = `{${parts.join(',')}}`;
  if (gzipSync(body).length > FRAGMENT_BUNDLE_MAX_BYTES) return false;
  writeFileSync(join(dir, FRAGMENT_BUNDLE), body);
  return true;
}

/**
 * Write one Pagefind bundle per index set (tiers.ts indexSetsFor) into `outDir/<set>/` plus
 * `outDir/tiers.json`. `outDir` must not be under dist/client: these files are served only through the
 * gated route.
 */
export async function writeSearchIndexes(docs: SearchDoc[], outDir: string, mode: SearchMode = SEARCH_MODE, synonymGroups: string[][] = []): Promise<TierManifest> {
  const synonyms = compileSynonyms(synonymGroups);
  const tiers = new Map<string, Tier & { pages: number }>();
  const docTiers = docs.map((doc) => {
    const ids = tiersForAudience(doc.audience).map((tier) => {
      const entry = tiers.get(tier.id) ?? { ...tier, pages: 0 };
      entry.pages++;
      tiers.set(tier.id, entry);
      return tier.id;
    });
    return { doc, ids };
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const present = [...tiers.values()].sort((a, b) => a.id.localeCompare(b.id));
  const manifest: TierManifest = { mode, builtAt: new Date().toISOString(), tiers: present, indexes: [] };
  // Each item is rendered once, whatever the number of sets it is in.
  const html = new Map<SearchDoc, string>();
  const htmlOf = (doc: SearchDoc) => {
    let h = html.get(doc);
    if (h === undefined) html.set(doc, (h = toIndexHtml(doc, mode, synonyms)));
    return h;
  };
  try {
    for (const set of indexSetsFor(present)) {
      const { index, errors } = await pagefind.createIndex({});
      if (!index) throw new Error(`Pagefind could not create the "${set.id}" index: ${errors.join('; ')}`);
      const inSet = new Set(set.tiers);
      const vocabulary = new Set<string>();
      let pages = 0;
      for (const { doc, ids } of docTiers) {
        if (!ids.some((id) => inSet.has(id))) continue;
        // Pagefind keeps one record per URL, so a translation links to its own language (the portal
        // reads ?lang=); the browser shows the best-ranked translation of a key once.
        const url = itemHref(doc.type, doc.key) + (doc.locale === 'ja' ? '' : `?lang=${doc.locale}`);
        const page = htmlOf(doc);
        collectWords(page, vocabulary);
        const added = await index.addHTMLFile({ url, content: page });
        if (added.errors.length) throw new Error(`Pagefind rejected ${url}: ${added.errors.join('; ')}`);
        pages++;
      }
      const dir = join(outDir, set.id);
      const written = await index.writeFiles({ outputPath: dir });
      if (written.errors.length) throw new Error(`Pagefind could not write ${dir}: ${written.errors.join('; ')}`);
      for (const name of readdirSync(dir)) if (UNUSED.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
      const small = pages <= PRELOAD_MAX_PAGES;
      const bundled = small && mode === 'analysed' && writeFragmentBundle(dir);
      manifest.indexes.push({ ...set, pages, ...(small ? { warm: spreadWords(vocabulary, WARM_WORDS) } : {}), ...(bundled ? { bundled } : {}) });
      await index.deleteIndex();
    }
  } finally {
    await pagefind.close();
  }
  writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * The build step: index `<root>/content` into `<root>/dist/search` as published now, plus one full set
 * per future publishedAt under `scheduled/<ms>/` (with scheduled.json listing them). The server switches
 * to a set the moment its time passes (files.ts), so a scheduled item enters search on time with no job
 * to run, and is in no file a customer can fetch before.
 */
export async function buildSearchIndexes(root: string, outDir = join(root, 'dist', 'search')): Promise<TierManifest> {
  const now = contentNow();
  const items = validateContent(root).items as unknown as (CheckedItem & Dated)[];
  const synonyms = loadSynonyms(root).groups;
  const docsAt = (t: Date) => toSearchDocs(items.filter((i) => isPublished(i.data, t)));
  const manifest = await writeSearchIndexes(docsAt(now), outDir, SEARCH_MODE, synonyms);
  const times = [...new Set(items.filter((i) => isScheduled(i.data, now)).map((i) => i.data.publishedAt.getTime()))].sort((a, b) => a - b);
  if (times.length > MAX_SCHEDULED) {
    console.warn(`search: ${times.length} scheduled release times; only the first ${MAX_SCHEDULED} get an index (the rest enter search at the next publish after their time).`);
  }
  const schedule: SearchSchedule = { releases: [] };
  for (const at of times.slice(0, MAX_SCHEDULED)) {
    const dir = join(SCHEDULE_DIR, String(at));
    await writeSearchIndexes(docsAt(new Date(at)), join(outDir, dir), SEARCH_MODE, synonyms);
    schedule.releases.push({ at, dir });
  }
  // Written only when something is scheduled (writeSearchIndexes empties outDir first, so none is left over).
  if (schedule.releases.length) writeFileSync(join(outDir, SCHEDULE_FILE), JSON.stringify(schedule, null, 2));
  return manifest;
}
