import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { validateContent, type CheckedItem } from '../../content/validate.ts';
import { itemHref } from '../../content/routes.ts';
import type { Audience, ContentType } from '../../../schemas/common.ts';
import { toBigramText } from '../../client/search-terms.ts';
import { mdxToText } from './mdx-text.ts';
import { tiersForAudience, type Tier } from './tiers.ts';
import { MANIFEST_FILE, SEARCH_MODE, type SearchMode, type TierManifest } from './manifest.ts';

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
  text: string;
}

export function toSearchDoc(item: CheckedItem): SearchDoc {
  const d = item.data as CheckedItem['data'] & Pick<SearchDoc, 'title' | 'description' | 'level' | 'audience' | 'tags' | 'productArea'>;
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
    text: mdxToText(item.body),
  };
}

/** Published items under `<root>/content` as search documents (drafts never reach an index). */
export function loadSearchDocs(root: string): SearchDoc[] {
  return validateContent(root)
    .items.filter((i) => !i.data.draft)
    .map(toSearchDoc);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** One item as the HTML Pagefind indexes: the title weighs most, then the description, then tags. */
export function toIndexHtml(doc: SearchDoc, mode: SearchMode): string {
  const prep = mode === 'bigram' ? toBigramText : (s: string) => s;
  const lang = mode === 'bigram' ? 'en' : 'ja';
  const filters = [`type:${doc.type}`, `level:${doc.level}`, ...(doc.productArea ? [`area:${escapeHtml(doc.productArea)}`] : [])];
  const meta = [`type:${doc.type}`, `level:${doc.level}`, `key:${doc.key}`, `locale:${doc.locale}`];
  if (doc.productArea) meta.push(`area:${escapeHtml(doc.productArea)}`);
  // One empty element per filter/meta value: Pagefind reads them from the attribute, not as text.
  const tags = [
    ...filters.map((f) => `<span data-pagefind-filter="${f}"></span>`),
    ...meta.map((m) => `<span data-pagefind-meta="${m}"></span>`),
  ].join('');
  return (
    `<html lang="${lang}"><body data-pagefind-body>${tags}` +
    `<span data-pagefind-meta="title" data-pagefind-ignore>${escapeHtml(doc.title)}</span>` +
    `<h1 data-pagefind-weight="8">${escapeHtml(prep(doc.title))}</h1>` +
    `<p data-pagefind-weight="3">${escapeHtml(prep(doc.description))}</p>` +
    `<p data-pagefind-weight="3">${escapeHtml(prep(doc.tags.join(' ')))}</p>` +
    `<p>${escapeHtml(prep(doc.text))}</p></body></html>`
  );
}

/**
 * Write one Pagefind bundle per audience tier into `outDir/<tier>/` plus `outDir/tiers.json`.
 * `outDir` must not be under dist/client: these files are served only through the gated route.
 */
export async function writeSearchIndexes(docs: SearchDoc[], outDir: string, mode: SearchMode = SEARCH_MODE): Promise<TierManifest> {
  const byTier = new Map<string, { tier: Tier; docs: SearchDoc[] }>();
  for (const doc of docs) {
    for (const tier of tiersForAudience(doc.audience)) {
      const entry = byTier.get(tier.id) ?? { tier, docs: [] };
      entry.docs.push(doc);
      byTier.set(tier.id, entry);
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const manifest: TierManifest = { mode, builtAt: new Date().toISOString(), tiers: [] };
  try {
    for (const { tier, docs: tierDocs } of [...byTier.values()].sort((a, b) => a.tier.id.localeCompare(b.tier.id))) {
      const { index, errors } = await pagefind.createIndex({});
      if (!index) throw new Error(`Pagefind could not create the "${tier.id}" index: ${errors.join('; ')}`);
      for (const doc of tierDocs) {
        // Pagefind keeps one record per URL, so a translation links to its own language (the portal
        // reads ?lang=); the browser shows the best-ranked translation of a key once.
        const url = itemHref(doc.type, doc.key) + (doc.locale === 'ja' ? '' : `?lang=${doc.locale}`);
        const added = await index.addHTMLFile({ url, content: toIndexHtml(doc, mode) });
        if (added.errors.length) throw new Error(`Pagefind rejected ${url}: ${added.errors.join('; ')}`);
      }
      const dir = join(outDir, tier.id);
      const written = await index.writeFiles({ outputPath: dir });
      if (written.errors.length) throw new Error(`Pagefind could not write ${dir}: ${written.errors.join('; ')}`);
      for (const name of readdirSync(dir)) if (UNUSED.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
      manifest.tiers.push({ ...tier, pages: tierDocs.length });
      await index.deleteIndex();
    }
  } finally {
    await pagefind.close();
  }
  writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** The build step: index `<root>/content` into `<root>/dist/search`. */
export async function buildSearchIndexes(root: string, outDir = join(root, 'dist', 'search')): Promise<TierManifest> {
  return writeSearchIndexes(loadSearchDocs(root), outDir);
}
