/**
 * `npm run import`: reads a Starlight, Docusaurus or Markdown folder and writes Jisou items under
 * content/. Pure file work, so a re-run over the same source writes the same bytes (idempotent); files it
 * did not write itself are never overwritten. See scripts/import.ts for the CLI.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { parseMdxFile } from '../../src/lib/content/frontmatter.ts';
import { itemHref } from '../../src/lib/content/routes.ts';
import { COLLECTIONS } from '../../src/schemas/index.ts';
import { LOCALES, type ContentType } from '../../src/schemas/common.ts';
import { convertBody, type BodyReport } from './import-body.ts';

export type ImportKind = 'starlight' | 'docusaurus' | 'markdown';
export const IMPORT_KINDS: ImportKind[] = ['starlight', 'docusaurus', 'markdown'];
export const IMPORT_TYPES: ContentType[] = ['article', 'manual'];

export interface ImportOptions {
  kind: ImportKind;
  source: string;
  root: string;
  type: ContentType;
  level?: number;
  audience?: string;
  locale: string;
  dryRun: boolean;
  /** The old site's address, for links to pages that were not imported. */
  site?: string;
  log: (line: string) => void;
}

interface SourcePage {
  file: string;
  /** Path relative to the docs folder, forward slashes, locale folder removed. */
  rel: string;
  locale: string;
  /** URL path on the old site, with a trailing slash (e.g. /guides/setup/). */
  url: string;
  key: string;
  data: Record<string, unknown>;
  body: string;
  markdown: boolean;
}

export interface ImportedFile {
  source: string;
  target: string;
  status: 'created' | 'updated' | 'unchanged' | 'skipped';
  droppedFields: string[];
  report: BodyReport;
}

const MANIFEST = 'content/.imported.json';

/** Where the pages live inside the source folder, for each kind. */
function docsFolder(kind: ImportKind, source: string): string {
  const candidates = kind === 'starlight' ? ['src/content/docs'] : kind === 'docusaurus' ? ['docs'] : [];
  for (const c of candidates) if (existsSync(join(source, c))) return join(source, c);
  return source;
}

function listPages(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listPages(full));
    else if (/\.mdx?$/.test(name) && !name.startsWith('_')) out.push(full);
  }
  return out;
}

/** A stable key from the path: "guides/setup.mdx" → "guides-setup"; index pages take their folder's name. */
export function keyFromPath(rel: string): string {
  const noExt = rel.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
  const hash = (n: number) => createHash('sha1').update(noExt).digest('hex').slice(0, n);
  const key = noExt
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!noExt) return 'home';
  // Non-Latin file names (始め方.md) leave nothing readable: a hash of the path, stable across runs.
  if (!key) return `page-${hash(10)}`;
  if (key.length < 3) return `page-${key}`;
  return key.length > 64 ? `${key.slice(0, 55).replace(/-+$/, '')}-${hash(8)}` : key;
}

/** The old site's address of the site in its config file, when there is one. */
function siteOf(kind: ImportKind, source: string): string | undefined {
  const files = kind === 'starlight' ? ['astro.config.mjs', 'astro.config.ts', 'astro.config.js'] : kind === 'docusaurus' ? ['docusaurus.config.js', 'docusaurus.config.ts'] : [];
  for (const f of files) {
    if (!existsSync(join(source, f))) continue;
    const text = readFileSync(join(source, f), 'utf8');
    const m = (kind === 'starlight' ? /\bsite\s*:\s*['"`]([^'"`]+)['"`]/ : /\burl\s*:\s*['"`]([^'"`]+)['"`]/).exec(text);
    if (m) {
      const base = /\bbaseUrl\s*:\s*['"`]([^'"`]+)['"`]/.exec(text)?.[1] ?? '';
      return `${m[1]!.replace(/\/+$/, '')}${base.replace(/\/+$/, '')}`;
    }
  }
  return undefined;
}

/** Dates from git history when the source is a git checkout: first commit (published), last (updated). */
function gitDates(file: string): { first?: string; last?: string } {
  const r = spawnSync('git', ['log', '--follow', '--format=%as', '--', basename(file)], { cwd: dirname(file), encoding: 'utf8' });
  if (r.status !== 0) return {};
  const dates = r.stdout.trim().split('\n').filter(Boolean);
  return dates.length ? { first: dates[dates.length - 1], last: dates[0] } : {};
}

const isoDate = (v: unknown): string | undefined => {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  if (v && typeof v === 'object' && 'date' in v) return isoDate((v as { date: unknown }).date);
  return undefined;
};

function readPages(opts: ImportOptions): SourcePage[] {
  const dir = docsFolder(opts.kind, opts.source);
  return listPages(dir).map((file) => {
    let rel = relative(dir, file).split(sep).join('/');
    const first = rel.split('/')[0]!;
    // A locale folder (Starlight's ja/, en/) gives the locale and is not part of the key.
    const inLocaleFolder = (LOCALES as readonly string[]).includes(first) && rel.includes('/');
    const locale = inLocaleFolder ? first : opts.locale;
    if (inLocaleFolder) rel = rel.slice(first.length + 1);
    const parsed = parseMdxFile(readFileSync(file, 'utf8'));
    const data = (parsed.data ?? {}) as Record<string, unknown>;
    const body = parsed.body;
    const slug = typeof data.slug === 'string' ? data.slug : undefined;
    const id = typeof data.id === 'string' ? data.id : undefined;
    let path = rel.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
    if (opts.kind === 'docusaurus') {
      if (id) path = posix.join(posix.dirname(path) === '.' ? '' : posix.dirname(path), id);
      // An absolute slug ("/", "/start") replaces the path; a relative one replaces the file name.
      if (slug !== undefined) path = slug.startsWith('/') ? slug.replace(/^\/+|\/+$/g, '') : posix.join(posix.dirname(rel) === '.' ? '' : posix.dirname(rel), slug);
      path = `docs/${path}`.replace(/\/+$/, '');
    }
    const localePrefix = inLocaleFolder ? `${locale}/` : '';
    return {
      file,
      rel,
      locale,
      url: `/${localePrefix}${path}${path ? '/' : ''}`.replace(/\/+/g, '/'),
      key: keyFromPath(rel),
      data,
      body,
      markdown: file.endsWith('.md'),
    };
  });
}

/** The fields we keep, in the order a writer reads them; everything else is dropped and reported. */
function mapFrontmatter(page: SourcePage, opts: ImportOptions, order: number, kind: ImportKind): { data: Record<string, unknown>; dropped: string[]; body: string } {
  const d = page.data;
  let body = page.body;
  let title = typeof d.title === 'string' ? d.title : typeof d.sidebar_label === 'string' ? d.sidebar_label : undefined;
  // A page without a title field usually starts with "# Title": that heading becomes the title.
  const h1 = /^\s*#[ \t]+(.+?)[ \t#]*\n/.exec(body);
  if (h1 && (!title || h1[1]!.trim() === title)) {
    title ??= h1[1]!.trim();
    body = body.slice(h1[0].length);
  }
  title ??= basename(page.rel).replace(/\.mdx?$/, '');
  const firstParagraph = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p && !/^(?:[#<:>|`~-]|import |export |!\[)/.test(p));
  const plain = (s: string) => s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  let description = typeof d.description === 'string' && d.description.trim() ? d.description.trim() : firstParagraph ? plain(firstParagraph) : title;
  if (description.length > 300) description = `${description.slice(0, 299)}…`;
  const git = gitDates(page.file);
  const fallback = statSync(page.file).mtime.toISOString().slice(0, 10);
  const published = git.first ?? isoDate(d.date) ?? isoDate(d.lastUpdated) ?? isoDate(d.last_update) ?? fallback;
  const updated = git.last && git.last !== published ? git.last : isoDate(d.lastUpdated) ?? isoDate(d.last_update);
  const tags = Array.isArray(d.tags)
    ? [...new Set(d.tags.map((t) => (typeof t === 'string' ? t : typeof t === 'object' && t && 'label' in t ? String((t as { label: unknown }).label) : '')).filter((t) => t && t.length <= 40))].slice(0, 12)
    : [];
  const data: Record<string, unknown> = { key: page.key, title: title.slice(0, 120), description };
  if (page.locale !== 'ja') data.locale = page.locale;
  if (opts.type === 'manual') {
    data.series = keyFromPath(page.rel.includes('/') ? page.rel.split('/')[0]! : 'docs');
    data.order = order;
  }
  if (opts.level) data.level = opts.level;
  if (opts.audience) data.audience = opts.audience;
  if (d.draft === true) data.draft = true;
  if (tags.length) data.tags = tags;
  data.publishedAt = published;
  if (updated && updated > published) data.updatedAt = updated;
  const used = new Set(['title', 'description', 'draft', 'tags', 'date', 'lastUpdated', 'last_update', ...(kind === 'docusaurus' ? ['id', 'slug', 'sidebar_label', 'sidebar_position'] : [])]);
  const dropped = Object.keys(d).filter((k) => !used.has(k));
  return { data, dropped, body };
}

function readManifest(root: string): Record<string, string> {
  const path = join(root, MANIFEST);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

export function runImport(opts: ImportOptions): ImportedFile[] {
  const pages = readPages(opts);
  const site = opts.site ?? siteOf(opts.kind, opts.source);
  const folder = COLLECTIONS[opts.type].folder;
  const manifest = readManifest(opts.root);
  const hash = (text: string) => createHash('sha1').update(text).digest('hex');

  // Old address → new item URL, for every page imported in this run (with and without trailing slash).
  const byUrl = new Map<string, SourcePage>();
  const byFile = new Map<string, SourcePage>();
  for (const p of pages) {
    byUrl.set(p.url.replace(/\/$/, '') || '/', p);
    byFile.set(resolve(p.file), p);
  }
  // Series order for manuals: explicit sidebar order first, then path.
  const orderOf = new Map<SourcePage, number>();
  const explicit = (p: SourcePage) => {
    const s = p.data.sidebar as { order?: unknown } | undefined;
    const o = typeof s?.order === 'number' ? s.order : typeof p.data.sidebar_position === 'number' ? p.data.sidebar_position : undefined;
    return o ?? Number.MAX_SAFE_INTEGER;
  };
  const seriesOf = (p: SourcePage) => `${p.locale}/${p.rel.includes('/') ? p.rel.split('/')[0] : ''}`;
  for (const series of new Set(pages.map(seriesOf))) {
    pages
      .filter((p) => seriesOf(p) === series)
      .sort((a, b) => explicit(a) - explicit(b) || a.rel.localeCompare(b.rel))
      .forEach((p, i) => orderOf.set(p, i + 1));
  }

  const results: ImportedFile[] = [];
  pages.forEach((page, index) => {
    const targetRel = posix.join('content', folder, page.locale, page.rel.replace(/\.mdx?$/, '.mdx'));
    const target = join(opts.root, targetRel);
    const rewriteLink = (url: string): string | undefined => {
      const [path, hashPart] = url.split('#') as [string, string | undefined];
      const anchor = hashPart ? `#${hashPart}` : '';
      let found: SourcePage | undefined;
      if (/\.mdx?$/.test(path)) found = byFile.get(resolve(dirname(page.file), path));
      else {
        const absolute = path.startsWith('/') ? path : posix.join(page.url, path);
        const clean = posix.normalize(absolute).replace(/\/$/, '') || '/';
        found = byUrl.get(clean) ?? byUrl.get(clean.replace(/^\/(?:ja|en)(?=\/)/, ''));
        if (!found && site) return `${site}${posix.normalize(absolute)}${anchor}`;
      }
      if (found) return `${itemHref(opts.type, found.key)}${anchor}`;
      return site && !/\.mdx?$/.test(path) ? `${site}${path}${anchor}` : undefined;
    };
    const copyImage = (src: string): string | undefined => {
      const clean = decodeURIComponent(src.split(/[?#]/)[0]!);
      const candidates = clean.startsWith('/')
        ? [join(opts.source, 'public', clean), join(opts.source, 'static', clean), join(opts.source, clean)]
        : [resolve(dirname(page.file), clean)];
      const from = candidates.find((c) => existsSync(c) && statSync(c).isFile());
      if (!from) return undefined;
      const mediaRel = posix.join('imported', opts.kind, relative(opts.source, from).split(sep).join('/').replace(/^(?:\.\.\/)+/, ''));
      if (!opts.dryRun) {
        mkdirSync(dirname(join(opts.root, 'content/media', mediaRel)), { recursive: true });
        copyFileSync(from, join(opts.root, 'content/media', mediaRel));
      }
      return mediaRel;
    };
    const fm = mapFrontmatter(page, opts, orderOf.get(page) ?? 1, opts.kind);
    const { body, report } = convertBody(fm.body, { rewriteLink, copyImage, markdown: page.markdown });
    const text = `---\n${stringifyYaml(fm.data, { lineWidth: 0 }).trimEnd()}\n---\n\n${body}`;

    let status: ImportedFile['status'];
    const existing = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (existing === text) status = 'unchanged';
    else if (existing !== undefined && manifest[targetRel] !== hash(existing)) status = 'skipped';
    else status = existing === undefined ? 'created' : 'updated';
    if (!opts.dryRun && (status === 'created' || status === 'updated')) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    if (status !== 'skipped') manifest[targetRel] = hash(text);

    const notes = [
      report.mapped.length && `${report.mapped.length} mapped`,
      report.unwrapped.length && `unwrapped ${[...new Set(report.unwrapped)].join(' ')}`,
      report.removed.length && `removed ${report.removed.length}`,
      fm.dropped.length && `dropped fields ${fm.dropped.join(', ')}`,
      report.unresolvedLinks.length && `${report.unresolvedLinks.length} link(s) to fix by hand`,
      report.missingImages.length && `${report.missingImages.length} image(s) not found`,
    ].filter(Boolean);
    const verb = opts.dryRun && (status === 'created' || status === 'updated') ? `would be ${status}` : status;
    opts.log(`[${index + 1}/${pages.length}] ${relative(opts.source, page.file).split(sep).join('/')} → ${targetRel} (${verb}${status === 'skipped' ? ': the file exists and was not written by an import; move it or remove it first' : ''})${notes.length ? `: ${notes.join('; ')}` : ''}`);
    results.push({ source: page.file, target: targetRel, status, droppedFields: fm.dropped, report });
  });
  if (!opts.dryRun) {
    mkdirSync(join(opts.root, 'content'), { recursive: true });
    const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(join(opts.root, MANIFEST), `${JSON.stringify(sorted, null, 2)}\n`);
  }
  return results;
}
