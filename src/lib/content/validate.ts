import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'astro/zod';
import { COLLECTIONS, type ContentType } from '../../schemas/index.ts';
import { checkItems } from './check-items.ts';
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

/** A key published in some locales but not in all of them (a report, not an error). */
export interface MissingTranslation {
  type: ContentType;
  key: string;
  /** The first file of the key, for the editor to jump to. */
  file: string;
  locales: string[];
  missing: string[];
}

export interface ValidationResult {
  issues: ContentIssue[];
  items: CheckedItem[];
  missingTranslations: MissingTranslation[];
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
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = { string: ' characters', array: ' entries', set: ' entries', file: ' bytes' }[issue.origin as string] ?? '';
      return `use ${bound}${unit}`;
    }
    case 'invalid_format':
      return 'fix the format as described in the message';
    default:
      return 'see the field reference in docs/authoring.md';
  }
}

export { findComponentAttrs } from './body-scan.ts';

/** "TODO:" placeholders (left by `npm run new`) are fine in drafts and an error in published items. */
function findPlaceholders(file: string, source: string): ContentIssue[] {
  const found: { line: number; column: number }[] = [];
  source.split('\n').forEach((text, i) => {
    const column = text.indexOf('TODO:');
    if (column !== -1) found.push({ line: i + 1, column: column + 1 });
  });
  if (!found.length) return [];
  const more = found.length > 1 ? ` (and ${found.length - 1} more in this file)` : '';
  return [{
    severity: 'error',
    file,
    ...found[0]!,
    field: 'draft',
    message: `a "TODO:" placeholder is still in a published item${more}`,
    hint: 'replace every "TODO:" with the real text, or keep draft: true until it is written',
  }];
}

/**
 * Validate every content file: schema, then check-items.ts (duplicate keys and series orders,
 * references, internal links, media, chapters, heading order, missing translations). Pure: reads files
 * only, so the build, the dev server and `npm run content:check` all give the same verdict.
 */
export function validateContent(root: string, opts: { includeDrafts?: boolean } = {}): ValidationResult {
  const contentDir = join(root, 'content');
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
      const source = readFileSync(path, 'utf8');
      const p = parseMdxFile(source);
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
          if (zi.code === 'unrecognized_keys') {
            // One issue per unknown field, located at the field itself.
            for (const key of zi.keys) {
              issues.push({
                severity: 'error',
                file,
                ...p.locate([...path, key]),
                field: [...path, key].join('.'),
                message: `"${key}" is not a field of ${type === 'case-study' ? 'a case study' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`}`,
                hint: `remove it or check its spelling against the field reference in docs/authoring.md`,
              });
            }
            continue;
          }
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
      if (!data.draft) issues.push(...findPlaceholders(file, source));
      items.push({ type, file, data, body: p.body, bodyLine: p.bodyLine });
    }
  }

  const checked = checkItems(root, items, {
    includeDrafts: opts.includeDrafts ?? false,
    locate: (item, path) => parsed.get(item.file)!.locate(path),
  });
  issues.push(...checked.issues);
  issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { issues, items, missingTranslations: checked.missingTranslations };
}
