import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'astro/zod';
import { COLLECTIONS, type ContentType } from '../../schemas/index.ts';
import { checkItems, closest } from './check-items.ts';
import { parseMdxFile, type ParsedFile } from './frontmatter.ts';
import type { CheckedItem, ContentIssue, ValidationResult } from './issue-types.ts';
import { loadSynonyms } from './search-synonyms.ts';
import { loadSurveys } from './surveys.ts';
import { loadPlays } from './plays.ts';

export type { CheckedItem, ContentIssue, MissingTranslation, ValidationResult } from './issue-types.ts';
export { formatIssue } from './issue-types.ts';

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

/** The raw frontmatter value at a path, and whether the field is there at all. */
function valueAt(data: unknown, path: (string | number)[]): { present: boolean; value: unknown } {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !(segment in node)) return { present: false, value: undefined };
    node = (node as Record<string | number, unknown>)[segment];
  }
  return { present: true, value: node };
}

const EXPECTED: Record<string, string> = {
  number: 'a number (without quotes)',
  string: 'text',
  boolean: 'true or false (without quotes)',
  array: 'a list, e.g. [a, b] or one "- item" per line',
  object: 'a block of fields indented under it',
};

type Described = Pick<ContentIssue, 'message' | 'hint' | 'code' | 'params'>;

const NOUN: Record<string, string> = { number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'a block of fields' };
const UNITS: Record<string, string> = { string: 'characters', array: 'entries', set: 'entries', file: 'bytes' };

/**
 * Our message and fix for one zod issue (never zod's own wording, which names types and regexes rather
 * than what an author wrote); zod 4 does not report the input, so we look it up. Messages written in the
 * schemas themselves (refinements, the key format) are ours already and kept. `code`/`params` let the CLI
 * say the same in Japanese (cli.json).
 */
function describeIssue(issue: z.core.$ZodIssue, data: unknown, path: (string | number)[]): Described {
  const { present, value } = valueAt(data, path);
  const field = path.join('.') || 'frontmatter';
  const shown = JSON.stringify(value) ?? 'nothing';
  if (issue.code === 'invalid_type' && (!present || value === null)) {
    const name = String(path[path.length - 1] ?? field);
    return { message: `the required field "${field}" is missing`, hint: `add "${name}:" to the frontmatter (see docs/authoring.md)`, code: 'missing', params: { field, name } };
  }
  if (issue.code === 'invalid_type' && issue.expected === 'date') {
    return { message: `${shown} is not a valid date`, hint: 'write the date as YYYY-MM-DD, e.g. 2026-11-22', code: 'date', params: { value: shown } };
  }
  // A message the schema wrote for this rule (not zod's default text) says it best.
  const ours = !/^(Invalid|Too (small|big)|Expected|Unrecognized)/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
      return { message: `${shown} is not ${NOUN[issue.expected] ?? expected}`, hint: `write ${expected}`, code: `type_${EXPECTED[issue.expected] ? issue.expected : 'other'}`, params: { value: shown, expected: issue.expected } };
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return { message: `${shown} is not one of the allowed values`, hint: `use one of: ${options}`, code: 'choice', params: { value: shown, options } };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const unit = UNITS[issue.origin as string] ?? '';
      const size = typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : value;
      if (ours) return { message: issue.message, hint: `use ${small ? 'at least' : 'at most'} ${bound}${unit ? ` ${unit}` : ''}` };
      if (small && unit && size === 0) return { message: `"${field}" is empty`, hint: `write at least ${bound} ${unit}`, code: 'empty', params: { field, bound, unit } };
      return {
        message: unit ? `"${field}" has ${size} ${unit}, ${small ? 'fewer' : 'more'} than allowed` : `${shown} is ${small ? 'below the smallest' : 'above the largest'} allowed value`,
        hint: `use ${small ? 'at least' : 'at most'} ${bound}${unit ? ` ${unit}` : ''}`,
        code: `${small ? 'small' : 'big'}${unit ? '_' + issue.origin : ''}`,
        params: { field, size: String(size), bound, value: shown },
      };
    }
    case 'invalid_format':
      return ours ? { message: issue.message, hint: 'fix the format as described in the message' } : { message: `${shown} is not in the expected format`, hint: 'see the field reference in docs/authoring.md', code: 'format', params: { value: shown } };
    case 'invalid_union':
      return { message: `${shown} is not a valid value for "${field}"`, hint: 'see the field reference in docs/authoring.md for the forms it can take', code: 'union', params: { value: shown, field } };
    default:
      return { message: ours ? issue.message : `${shown} is not valid for "${field}"`, hint: 'see the field reference in docs/authoring.md', ...(ours ? {} : { code: 'invalid', params: { value: shown, field } }) };
  }
}

export { findComponentAttrs } from './body-scan.ts';

/** The known field closest to a misspelt one, from the fields the (nested) object schema knows. */
function nearField(schema: unknown, path: (string | number)[], key: string): string | undefined {
  let node = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown; element?: unknown } | undefined;
  for (const segment of path) {
    while (node && !node.shape && typeof node.unwrap === 'function') node = node.unwrap() as typeof node;
    node = (typeof segment === 'number' ? node?.element : node?.shape?.[segment]) as typeof node;
  }
  while (node && !node.shape && typeof node.unwrap === 'function') node = node.unwrap() as typeof node;
  return node?.shape ? closest(key, Object.keys(node.shape)) : undefined;
}

/** "did you mean …" for a misspelt field. */
function didYouMean(schema: unknown, path: (string | number)[], key: string): string | undefined {
  const near = nearField(schema, path, key);
  return near ? `did you mean "${near}"? Otherwise remove it (fields are listed in docs/authoring.md)` : undefined;
}

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
    code: 'todo',
    params: { more: found.length - 1 },
  }];
}

/**
 * Validate every content file: schema, then check-items.ts (duplicate keys and series orders,
 * references, internal links, media, chapters, heading order, missing translations). Pure: reads files
 * only, so the build, the dev server and `npm run content:check` all give the same verdict.
 */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((name) => join(dir, name));
}

/** Everything the verdict depends on: every content file's bytes (media included, by name and size). */
export function fingerprintContent(root: string): string {
  const hash = createHash('sha1');
  for (const path of listFiles(join(root, 'content'))) {
    const st = statSync(path);
    if (st.isDirectory()) continue;
    hash.update(path).update('\0');
    if (/\.(mdx|md|ya?ml)$/.test(path)) hash.update(readFileSync(path));
    else hash.update(String(st.size));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const lastResults = new Map<string, { fingerprint: string; result: ValidationResult }>();

/**
 * Validate every content file (see `checkContent`). One build asks several times (integrity check, search
 * index, tracking keys); the answer is reused while no content file changed, so 1,000 pages are parsed once.
 */
export function validateContent(root: string, opts: { includeDrafts?: boolean } = {}): ValidationResult {
  const id = `${root}\0${Boolean(opts.includeDrafts)}`;
  const fingerprint = fingerprintContent(root);
  const last = lastResults.get(id);
  if (last?.fingerprint === fingerprint) return structuredClone(last.result);
  const result = checkContent(root, opts);
  lastResults.set(id, { fingerprint, result });
  return structuredClone(result);
}

function checkContent(root: string, opts: { includeDrafts?: boolean }): ValidationResult {
  const contentDir = join(root, 'content');
  const issues: ContentIssue[] = [];
  const items: CheckedItem[] = [];
  const bodyOnly: CheckedItem[] = [];
  let files = 0;
  const parsed = new Map<string, ParsedFile>();
  const rel = (p: string) => relative(root, p).split(sep).join('/');

  for (const [type, { folder, schema }] of Object.entries(COLLECTIONS) as [
    ContentType,
    (typeof COLLECTIONS)[ContentType],
  ][]) {
    for (const path of listMdx(join(contentDir, folder))) {
      const file = rel(path);
      const source = readFileSync(path, 'utf8');
      files++;
      const p = parseMdxFile(source);
      // The body of a file whose frontmatter fails is still checked, so one run reports both.
      const asBodyOnly = (): CheckedItem => {
        const raw = (p.data && typeof p.data === 'object' ? p.data : {}) as Record<string, unknown>;
        const data = { ...raw, key: String(raw.key ?? ''), locale: String(raw.locale ?? 'ja'), draft: raw.draft === true };
        return { type, file, data, body: p.body, bodyLine: p.bodyLine };
      };
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
          code: 'yaml',
          params: { error: e.message },
        });
      }
      if (p.data === undefined) {
        bodyOnly.push(asBodyOnly());
        continue;
      }
      const result = (schema as z.ZodType).safeParse(p.data);
      if (!result.success) {
        for (const zi of result.error.issues) {
          const path = zi.path.filter((s): s is string | number => typeof s !== 'symbol');
          if (zi.code === 'unrecognized_keys') {
            // One issue per unknown field, located at the field itself.
            for (const key of zi.keys) {
              // locate() points at the value; move to the key itself on that line.
              const pos = p.locate([...path, key]);
              const column = (source.split('\n')[pos.line - 1] ?? '').indexOf(key);
              issues.push({
                severity: 'error',
                file,
                line: pos.line,
                column: column === -1 ? pos.column : column + 1,
                field: [...path, key].join('.'),
                message: `"${key}" is not a field of ${type === 'case-study' ? 'a case study' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`}`,
                hint: didYouMean(schema, path, key) ?? 'remove it or check its spelling against the field reference in docs/authoring.md',
                code: didYouMean(schema, path, key) ? 'unknown_near' : 'unknown',
                params: { key, near: nearField(schema, path, key) ?? '', type },
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
            ...describeIssue(zi, p.data, path),
          });
        }
        bodyOnly.push(asBodyOnly());
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
    bodyOnly,
  });
  issues.push(...checked.issues);
  // The search synonym file (content/search/synonyms.yaml) is content too: checked with the rest.
  issues.push(...loadSynonyms(root).issues);
  // Surveys (content/surveys/*.yaml) are content too: checked with the rest.
  const surveys = loadSurveys(root);
  issues.push(...surveys.issues);
  // Plays (content/plays/*.yaml) too, against the keys of the items and surveys they name.
  issues.push(...loadPlays(root, { items: new Set(items.map((i) => i.data.key)), surveys: new Set(surveys.surveys.map((s) => s.key)) }).issues);
  // The summary counts every content file read, survey and play files included.
  for (const folder of ['surveys', 'plays']) {
    const dir = join(contentDir, folder);
    if (existsSync(dir)) files += readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).length;
  }
  issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { issues, files, items, missingTranslations: checked.missingTranslations };
}
