import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'astro/zod';
import { COLLECTIONS, type ContentType } from '../../schemas/index.ts';
import { parseMdxFile, type ParsedFile } from './frontmatter.ts';

/** One problem found in the content, located precisely enough for an editor to jump to it. */
export interface ContentIssue {
  severity: 'error' | 'warning';
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  /** Frontmatter field (dotted path) or the MDX component attribute at fault. */
  field: string;
  message: string;
  hint: string;
}

/** A file that parsed and passed its schema. */
export interface CheckedItem {
  type: ContentType;
  file: string;
  data: Record<string, unknown> & { key: string; locale: string; draft: boolean };
  body: string;
  bodyLine: number;
}

export interface ValidationResult {
  issues: ContentIssue[];
  items: CheckedItem[];
}

export function formatIssue(i: ContentIssue): string {
  return `${i.file}:${i.line}:${i.column} ${i.field} — ${i.message} — ${i.hint}`;
}

function listMdx(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listMdx(full));
    else if (name.endsWith('.mdx') || name.endsWith('.md')) out.push(full);
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `add the field "${issue.path.join('.')}" to the frontmatter (see docs/authoring.md)`
        : `change the value to a ${issue.expected}`;
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or check its spelling against docs/authoring.md`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return 'adjust the value to fit the allowed range';
    case 'invalid_format':
      return 'fix the format as described in the message';
    default:
      return 'see the field reference in docs/authoring.md';
  }
}

const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`, 'g');

/** Find `<Component attr="value">` usages in an MDX body with their line/column. */
export function findComponentAttrs(
  body: string,
  component: string,
  attr: string,
): { value: string; line: number; column: number }[] {
  const found: { value: string; line: number; column: number }[] = [];
  const tag = new RegExp(`<${component}\\b[^>]*>`, 'g');
  for (const m of body.matchAll(tag)) {
    for (const a of m[0].matchAll(ATTR(attr))) {
      const offset = (m.index ?? 0) + (a.index ?? 0);
      const before = body.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      found.push({ value: a[1] ?? a[2] ?? a[3] ?? '', line, column });
    }
  }
  return found;
}

const isExternal = (src: string) => /^https?:\/\//.test(src);

/**
 * Validate every content file: schema, duplicate keys, references between items (roadmaps,
 * announcements, ItemLink), and media files. Pure: reads files only, so the build, the dev server
 * and `npm run content:check` all give the same verdict.
 */
export function validateContent(root: string, opts: { includeDrafts?: boolean } = {}): ValidationResult {
  const contentDir = join(root, 'content');
  const mediaDir = join(contentDir, 'media');
  const issues: ContentIssue[] = [];
  const items: CheckedItem[] = [];
  const parsed = new Map<string, ParsedFile>();
  const rel = (p: string) => relative(root, p).split(sep).join('/');

  for (const [type, { folder, schema }] of Object.entries(COLLECTIONS) as [
    ContentType,
    (typeof COLLECTIONS)[ContentType],
  ][]) {
    for (const path of listMdx(join(contentDir, folder))) {
      const file = rel(path);
      const p = parseMdxFile(readFileSync(path, 'utf8'));
      parsed.set(file, p);
      for (const e of p.yamlErrors) {
        issues.push({
          severity: 'error',
          file,
          line: e.line + 1,
          column: e.column,
          field: 'frontmatter',
          message: `the frontmatter is not valid YAML: ${e.message}`,
          hint: 'check indentation and quote values that contain ":" or "#"',
        });
      }
      if (p.data === undefined) continue;
      const result = (schema as z.ZodType).safeParse(p.data);
      if (!result.success) {
        for (const zi of result.error.issues) {
          const path = zi.path.filter((s): s is string | number => typeof s !== 'symbol');
          const at = p.locate(path);
          issues.push({
            severity: 'error',
            file,
            ...at,
            field: path.join('.') || 'frontmatter',
            message: zi.message,
            hint: hintFor(zi),
          });
        }
        continue;
      }
      const data = result.data as CheckedItem['data'];
      items.push({ type, file, data, body: p.body, bodyLine: p.bodyLine });
    }
  }

  const live = items.filter((i) => opts.includeDrafts || !i.data.draft);
  const keys = new Set(live.map((i) => i.data.key));
  const seen = new Map<string, CheckedItem>();
  const at = (item: CheckedItem, path: (string | number)[]) => parsed.get(item.file)!.locate(path);

  for (const item of items) {
    const id = `${item.data.key}@${item.data.locale}`;
    const first = seen.get(id);
    if (first) {
      issues.push({
        severity: 'error',
        file: item.file,
        ...at(item, ['key']),
        field: 'key',
        message: `the key "${item.data.key}" (${item.data.locale}) is already used by ${first.file}`,
        hint: 'give this item a new unique key, or set a different locale if it is a translation',
      });
    } else seen.set(id, item);
  }

  const checkRef = (item: CheckedItem, key: string, path: (string | number)[]) => {
    if (keys.has(key)) return;
    issues.push({
      severity: 'error',
      file: item.file,
      ...at(item, path),
      field: path.join('.'),
      message: `no published item has the key "${key}"`,
      hint: 'use the key of an existing item (npm run content:check lists them) or create it first',
    });
  };

  const checkMedia = (item: CheckedItem, src: string, field: string, pos: { line: number; column: number }) => {
    if (isExternal(src)) return;
    if (src.includes('..') || src.startsWith('/') || !existsSync(join(mediaDir, src))) {
      issues.push({
        severity: 'error',
        file: item.file,
        ...pos,
        field,
        message: `the media file "${src}" does not exist under content/media/`,
        hint: 'add the file to content/media/ or correct the path (relative to content/media/, e.g. "webinars/kickoff.mp4")',
      });
    }
  };

  for (const item of live) {
    const d = item.data as Record<string, unknown>;
    if (item.type === 'roadmap') {
      (d.stages as { items: string[] }[]).forEach((s, si) =>
        s.items.forEach((k, ki) => checkRef(item, k, ['stages', si, 'items', ki])),
      );
    }
    if (item.type === 'announcement') {
      (d.refs as string[]).forEach((k, ki) => checkRef(item, k, ['refs', ki]));
    }
    if (item.type === 'webinar') {
      const video = d.video as { src: string; poster?: string };
      checkMedia(item, video.src, 'video.src', at(item, ['video', 'src']));
      if (video.poster) checkMedia(item, video.poster, 'video.poster', at(item, ['video', 'poster']));
    }
    const bodyPos = (p: { line: number; column: number }) => ({ line: p.line + item.bodyLine - 1, column: p.column });
    for (const ref of findComponentAttrs(item.body, 'ItemLink', 'to')) {
      if (!keys.has(ref.value)) {
        issues.push({
          severity: 'error',
          file: item.file,
          ...bodyPos(ref),
          field: 'ItemLink.to',
          message: `no published item has the key "${ref.value}"`,
          hint: 'link to the key of an existing item, or create that item first',
        });
      }
    }
    for (const [component, attr] of [
      ['Figure', 'src'],
      ['Video', 'src'],
      ['Video', 'poster'],
    ] as const) {
      for (const ref of findComponentAttrs(item.body, component, attr)) {
        checkMedia(item, ref.value, `${component}.${attr}`, bodyPos(ref));
      }
    }
  }

  issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { issues, items };
}
