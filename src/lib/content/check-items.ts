/**
 * Checks across items and inside bodies, after every file passed its schema: unique keys and series
 * orders, references (roadmaps, announcements, ItemLink, Markdown links to item URLs), media and images,
 * video chapters, heading order, and the missing-translations report.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { LOCALES, type ContentType } from '../../schemas/common.ts';
import { checkMdxBody, knownComponents } from './check-body.ts';
import { findComponentAttrs, findHeadings, findMarkdownLinks, type Found } from './body-scan.ts';
import { isPortalPage, itemHref, SEGMENT_TYPE } from './routes.ts';
import type { CheckedItem, ContentIssue, MissingTranslation } from './issue-types.ts';

type Locate = (item: CheckedItem, path: (string | number)[]) => { line: number; column: number };

const isExternal = (src: string) => /^(?:https?|mailto|tel|ftp|data):/i.test(src) || src.startsWith('//');
const toSeconds = (at: string) => at.split(':').reduce((s, part) => s * 60 + Number(part), 0);
const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest existing key when it is plausibly a typo: one edit for words up to 5 characters, two up to
 * 10, three beyond. "tag" → "tags" and "poser" → "poster" are typos; "type" → "title" or "head" → "key"
 * are different words, and suggesting them misleads.
 */
export function closest(key: string, keys: Iterable<string>): string | undefined {
  const allowed = key.length <= 5 ? 1 : key.length <= 10 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const k of keys) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

export function checkItems(
  root: string,
  items: CheckedItem[],
  opts: { includeDrafts: boolean; locate: Locate; bodyOnly?: CheckedItem[] },
): { issues: ContentIssue[]; missingTranslations: MissingTranslation[] } {
  const components = knownComponents(root);
  const issues: ContentIssue[] = [];
  const live = items.filter((i) => opts.includeDrafts || !i.data.draft);
  const byKey = new Map<string, CheckedItem[]>();
  for (const i of live) byKey.set(i.data.key, [...(byKey.get(i.data.key) ?? []), i]);
  const byFile = new Map(items.map((i) => [i.file, i]));
  const at = opts.locate;
  // `code` + `params` let the CLI say it in the author's language (src/i18n/<locale>/cli.json, cli.issue.<code>).
  const error = (item: CheckedItem, pos: { line: number; column: number }, field: string, message: string, hint: string, code?: string, params?: Record<string, string | number>) =>
    issues.push({ severity: 'error', file: item.file, ...pos, field, message, hint, ...(code ? { code, params } : {}) });

  // A published item may only point at published items, so `content:check` (drafts included) never
  // passes what the production build (drafts excluded) would reject.
  const resolve = (from: CheckedItem, key: string): CheckedItem[] | string => {
    const targets = (byKey.get(key) ?? []).filter((t) => from.data.draft || !t.data.draft);
    if (targets.length) return targets;
    const draft = byKey.get(key)?.[0];
    return draft ? `the key "${key}" belongs only to a draft (${draft.file})` : `no published item has the key "${key}"`;
  };
  const DRAFT_HINT = 'publish that item first (draft: false), or make this item a draft too';
  const publishedKeys = [...new Set(live.filter((i) => !i.data.draft).map((i) => i.data.key))];
  const suggest = (key: string, hint: string) => {
    const near = closest(key, publishedKeys);
    return near ? `did you mean "${near}"? Otherwise ${hint}` : hint;
  };
  const checkRef = (item: CheckedItem, key: string, field: string, pos: { line: number; column: number }, hint: string) => {
    const r = resolve(item, key);
    if (typeof r === 'string') {
      const draft = r.includes('draft (');
      // A "did you mean" hint names a key, so it stays as written; the two plain cases are translated.
      const suggested = draft ? DRAFT_HINT : suggest(key, hint);
      error(item, pos, field, r, suggested, suggested === hint || draft ? (draft ? 'refDraft' : 'refMissing') : undefined, { key, field });
    }
  };
  const REF_HINT = 'use the key of an existing item or create that item first';

  const seen = new Map<string, CheckedItem>();
  const orders = new Map<string, CheckedItem>();
  for (const item of items) {
    const id = `${item.data.key}@${item.data.locale}`;
    const first = seen.get(id);
    if (first) {
      error(item, at(item, ['key']), 'key', `the key "${item.data.key}" (${item.data.locale}) is already used by ${first.file}`,
        'give this item a new unique key, or set a different locale if it is a translation', 'keyTaken', { key: item.data.key, locale: item.data.locale, file: first.file });
    } else seen.set(id, item);
    if (item.type === 'manual') {
      const d = item.data as { series?: string; order?: number };
      const slot = `${d.series}#${d.order}@${item.data.locale}`;
      const other = orders.get(slot);
      if (other && other.data.key !== item.data.key) {
        error(item, at(item, ['order']), 'order', `order ${d.order} of the series "${d.series}" (${item.data.locale}) is already used by ${other.file}`,
          'give each page of a series its own order number (1 = first step)', 'orderTaken', { order: String(d.order), series: String(d.series), locale: item.data.locale, file: other.file });
      } else orders.set(slot, item);
    }
  }

  const checkMedia = (item: CheckedItem, src: string, field: string, pos: Found) => {
    // A draft may keep the "TODO: …" path from `npm run new` until the recording exists.
    if (isExternal(src) || (item.data.draft && src.startsWith('TODO:'))) return;
    if (src.includes('..') || src.startsWith('/') || !existsSync(join(root, 'content/media', src))) {
      error(item, pos, field, `the media file "${src}" does not exist under content/media/`,
        'add the file to content/media/ or correct the path (relative to content/media/, e.g. "webinars/kickoff.mp4")', 'mediaMissing', { src });
    }
  };

  for (const item of live) {
    const d = item.data as Record<string, unknown>;
    if (item.type === 'roadmap') {
      (d.stages as { items?: string[]; actions?: { items: string[]; event?: string }[] }[]).forEach((s, si) => {
        (s.items ?? []).forEach((k, ki) => {
          const path = ['stages', si, 'items', ki];
          checkRef(item, k, path.join('.'), at(item, path), REF_HINT);
        });
        (s.actions ?? []).forEach((a, ai) => {
          a.items.forEach((k, ki) => {
            const path = ['stages', si, 'actions', ai, 'items', ki];
            checkRef(item, k, path.join('.'), at(item, path), REF_HINT);
          });
          if (a.event) {
            const path = ['stages', si, 'actions', ai, 'event'];
            checkRef(item, a.event, path.join('.'), at(item, path), 'use the key of an announcement with `kind: event` and an `event:` block');
          }
        });
      });
      checkRoadmapTranslation(item);
    }
    if (item.type === 'announcement') {
      (d.refs as string[]).forEach((k, ki) => checkRef(item, k, `refs.${ki}`, at(item, ['refs', ki]), REF_HINT));
      const recording = (d.event as { recording?: string } | undefined)?.recording;
      if (recording) checkRef(item, recording, 'event.recording', at(item, ['event', 'recording']), 'use the key of the webinar that holds the recording, or add the webinar first');
    }
    if (item.type === 'webinar') checkVideo(item, d, at, checkMedia, error);
    checkBodyOf(item);
  }
  // Files whose frontmatter failed are still read for body problems, so one run reports both.

  /**
   * A translated roadmap shows its words on the Japanese plan's progress (matched by action id), so its
   * stages must list the same action ids as the Japanese file; otherwise a step would show untranslated.
   */
  function checkRoadmapTranslation(item: CheckedItem) {
    if (item.data.locale === 'ja') return;
    const source = (byKey.get(item.data.key) ?? []).find((i) => i.type === 'roadmap' && i.data.locale === 'ja');
    if (!source) return;
    const idsOf = (i: CheckedItem) => ((i.data as Record<string, unknown>).stages as { actions?: { id: string }[] }[]).map((st) => (st.actions ?? []).map((a) => a.id).join(', '));
    const mine = idsOf(item);
    const theirs = idsOf(source);
    for (let si = 0; si < Math.max(mine.length, theirs.length); si++) {
      if (mine[si] === theirs[si]) continue;
      const stage = si + 1;
      const pos = at(item, si < mine.length ? ['stages', si] : ['stages']);
      error(item, pos, `stages.${si}`, `stage ${stage} lists the actions [${mine[si] ?? ''}] but the Japanese file ${source.file} has [${theirs[si] ?? ''}]`,
        'keep the stages and action ids of the Japanese file and translate only titles, goals and action titles', 'roadmapTranslation', { stage, mine: mine[si] ?? '', theirs: theirs[si] ?? '', file: source.file });
      return;
    }
  }
  for (const item of opts.bodyOnly ?? []) checkBodyOf(item);

  function checkBodyOf(item: CheckedItem) {
    const inBody = (p: Found) => ({ line: p.line + item.bodyLine - 1, column: p.column });
    const problems = checkMdxBody(item.body, components);
    for (const p of problems) error(item, inBody(p), p.field, p.message, p.hint, p.code, p.params);
    // A body that does not parse has no trustworthy tags or links to check further.
    if (problems.some((p) => p.field === 'body')) return;
    for (const ref of findComponentAttrs(item.body, 'ItemLink', 'to')) {
      checkRef(item, ref.value, 'ItemLink.to', inBody(ref), 'link to the key of an existing item, or create that item first');
    }
    for (const [component, attr] of [['Figure', 'src'], ['Video', 'src'], ['Video', 'poster']] as const) {
      for (const ref of findComponentAttrs(item.body, component, attr)) checkMedia(item, ref.value, `${component}.${attr}`, inBody(ref));
    }
    for (const link of findMarkdownLinks(item.body)) {
      const pos = inBody(link);
      if (link.image) {
        // Astro turns local Markdown images into public /_astro files that bypass the item's audience.
        if (!isExternal(link.url)) {
          error(item, pos, 'image', `the Markdown image "${link.url}" would be published as a public file, readable without the item's audience`,
            'put the file under content/media/ and use <Figure src="…" alt="…" caption="…" /> instead, which serves it only to allowed readers', 'publicImage', { url: link.url });
        }
        continue;
      }
      checkLink(item, link.url, pos);
    }
    checkHeadings(item, inBody, error);
  }

  function checkLink(item: CheckedItem, url: string, pos: Found) {
    if (isExternal(url) || url.startsWith('#')) return;
    const path = url.split(/[?#]/)[0]!;
    if (/\.mdx?$/.test(path)) {
      const target = byFile.get(posix.normalize(posix.join(posix.dirname(item.file), path)));
      error(item, pos, 'link', `the link "${url}" points at a source file, which readers cannot open`,
        target ? `link to the item's URL instead: ${itemHref(target.type, target.data.key)}` : 'link to the item\'s URL (e.g. /manuals/<key>) or use <ItemLink to="key">',
        target ? 'linkSourceFileKnown' : 'linkSourceFile', { url, href: target ? itemHref(target.type, target.data.key) : '' });
      return;
    }
    if (!path.startsWith('/')) {
      // "../guides/x/" depends on whether the reader's address ends with "/": it breaks one way or the other.
      error(item, pos, 'link', `the relative link "${url}" points at no page of the portal`,
        'write the item\'s URL (/<type>/<key>, e.g. /manuals/getting-started) or use <ItemLink to="key">', 'linkRelative', { url });
      return;
    }
    const [segment, key, ...rest] = path.replace(/^\/+|\/+$/g, '').split('/');
    const type = SEGMENT_TYPE[segment ?? ''];
    if (!type || !key || rest.length) {
      if (!isPortalPage(path)) {
        error(item, pos, 'link', `the link "${url}" points at no page of the portal (only items and portal pages have addresses here)`,
          'link to an item (/<type>/<key>) or <ItemLink to="key">; for a page that stays on the old site, write its full address (https://…)', 'linkNoPage', { url });
      }
      return;
    }
    const r = resolve(item, key);
    if (typeof r === 'string') {
      error(item, pos, 'link', `the link "${url}" points at no published item: ${r.replace(/^no published item has/, 'no item has')}`,
        r.includes('draft (') ? DRAFT_HINT : suggest(key, 'use the URL of an existing item (/<type>/<key>) or <ItemLink to="key">'),
        r.includes('draft (') ? 'linkDraft' : closest(key, publishedKeys) ? undefined : 'linkNoItem', { url, key });
    } else if (!r.some((t) => t.type === type)) {
      error(item, pos, 'link', `the link "${url}" expects ${article(type)}, but "${key}" is ${article(r[0]!.type)}`,
        `change the link to ${itemHref(r[0]!.type, key)}`, 'linkWrongType', { url, key, href: itemHref(r[0]!.type, key) });
    }
  }

  return { issues, missingTranslations: reportTranslations(live) };
}

function checkVideo(
  item: CheckedItem,
  d: Record<string, unknown>,
  at: Locate,
  checkMedia: (item: CheckedItem, src: string, field: string, pos: Found) => void,
  error: (item: CheckedItem, pos: Found, field: string, message: string, hint: string, code?: string, params?: Record<string, string | number>) => void,
) {
  const video = d.video as { src: string; poster?: string; chapters: { at: string }[] };
  checkMedia(item, video.src, 'video.src', at(item, ['video', 'src']));
  if (video.poster) checkMedia(item, video.poster, 'video.poster', at(item, ['video', 'poster']));
  const end = (d.durationMinutes as number) * 60;
  let previous = -1;
  video.chapters.forEach((c, ci) => {
    const s = toSeconds(c.at);
    const path = ['video', 'chapters', ci, 'at'];
    if (s > end) {
      error(item, at(item, path), path.join('.'), `the chapter at ${c.at} starts after the end of the video (${d.durationMinutes} minutes)`,
        'correct the chapter time or durationMinutes', 'chapterAfterEnd', { at: c.at, minutes: String(d.durationMinutes) });
    } else if (s <= previous) {
      error(item, at(item, path), path.join('.'), `the chapter at ${c.at} does not come after the previous chapter`,
        'list chapters in playback order, each starting later than the one before', 'chapterOrder', { at: c.at });
    }
    previous = Math.max(previous, s);
  });
}

function checkHeadings(
  item: CheckedItem,
  inBody: (p: Found) => Found,
  error: (item: CheckedItem, pos: Found, field: string, message: string, hint: string, code?: string, params?: Record<string, string | number>) => void,
) {
  let previous = 1; // the page title is the H1
  for (const h of findHeadings(item.body)) {
    const mark = '#'.repeat(h.depth);
    if (h.depth === 1) {
      error(item, inBody(h), 'heading', `"# ${h.text}" is a level-1 heading, but the page title is already the only H1`,
        'start sections at level 2: change "#" to "##"', 'headingH1', { text: h.text });
    } else if (h.depth > previous + 1) {
      error(item, inBody(h), 'heading', `"${mark} ${h.text}" skips a level (the previous heading is ${'#'.repeat(previous)})`,
        `use ${'#'.repeat(previous + 1)} here, or add the missing ${'#'.repeat(previous + 1)} section above it`, 'headingSkip', { heading: `${mark} ${h.text}`, previous: '#'.repeat(previous), next: '#'.repeat(previous + 1) });
    }
    previous = h.depth;
  }
}

/** Keys that exist in some locales but not all, one entry per key (first file found). */
function reportTranslations(live: CheckedItem[]): MissingTranslation[] {
  const byKey = new Map<string, CheckedItem[]>();
  for (const i of live) byKey.set(`${i.type} ${i.data.key}`, [...(byKey.get(`${i.type} ${i.data.key}`) ?? []), i]);
  const out: MissingTranslation[] = [];
  for (const group of byKey.values()) {
    const locales = [...new Set(group.map((i) => i.data.locale))].sort();
    const missing = LOCALES.filter((l) => !locales.includes(l));
    if (missing.length) {
      const first = group[0]!;
      out.push({ type: first.type as ContentType, key: first.data.key, file: first.file, locales, missing });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}
