// Scaffolding behind `npm run new`: frontmatter that passes content:check, a fresh stable key and a
// skeleton suited to the type. Placeholders start with "TODO:" — allowed in drafts, an error once published.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, CONTENT_TYPES, DEFAULT_LEVEL, KEY_PATTERN, LOCALES, type ContentType, type Locale } from '../../src/schemas/index.ts';
import { validateContent, type CheckedItem } from '../../src/lib/content/validate.ts';
import { skeletonFor } from './new-skeletons.ts';

export interface NewItemRequest {
  type: string;
  title: string;
  level?: number;
  locale?: string;
  key?: string;
  series?: string;
  order?: number;
  video?: string;
  refs?: string[];
}

export interface NewItem {
  type: ContentType;
  key: string;
  locale: Locale;
  /** Path relative to the project root. */
  file: string;
  text: string;
  /** A translation of an existing key (same key, new locale). */
  translationOf?: string;
}

/** A mistake in the command line, reported to the writer with what to do instead. */
/** A request `npm run new` refuses: English message, plus an id and parameters for the CLI's own language (cli.json). */
export class UsageError extends Error {
  readonly code: string | undefined;
  readonly params: Record<string, string | number>;
  constructor(message: string, code?: string, params: Record<string, string | number> = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }
}

const TYPE_ALIASES: Record<string, ContentType> = { casestudy: 'case-study', case_study: 'case-study', tip: 'article' };

/** Lowercase ASCII words of the title joined by "-", or the type when the title has none (e.g. Japanese). */
export function keyPrefix(title: string, type: ContentType): string {
  const words = title.normalize('NFKD').toLowerCase().match(/[a-z0-9]+/g) ?? [];
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > 40) break;
    slug = next;
  }
  return slug.length >= 3 ? slug : type;
}

function randomSuffix(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o/1/l: readable when typed from a screen
  return [...randomBytes(4)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Format a local date as YYYY-MM-DD. */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function planNewItem(root: string, req: NewItemRequest, today = new Date()): NewItem {
  const type = (TYPE_ALIASES[req.type] ?? req.type) as ContentType;
  if (!CONTENT_TYPES.includes(type)) {
    throw new UsageError(`unknown type "${req.type}" — use one of: ${CONTENT_TYPES.join(', ')}`, 'type', { type: req.type, types: CONTENT_TYPES.join(', ') });
  }
  const title = req.title.trim();
  if (!title) throw new UsageError('the title is empty — give it in quotes, e.g. npm run new -- manual "初期設定"', 'titleEmpty');
  if (title.length > 120) throw new UsageError(`the title has ${title.length} characters — shorten it to 120 or fewer`, 'titleLong', { length: title.length });
  const locale = (req.locale ?? 'ja') as Locale;
  if (!LOCALES.includes(locale)) throw new UsageError(`unknown locale "${req.locale}" — use --locale ja or --locale en`, 'locale', { locale: String(req.locale) });
  if (req.series !== undefined && !KEY_PATTERN.test(req.series)) {
    throw new UsageError(`--series "${req.series}" is not a valid series key — use a-z, 0-9 and "-", e.g. "onboarding"`, 'series', { series: req.series });
  }
  if (req.order !== undefined && !(Number.isInteger(req.order) && req.order >= 1 && req.order <= 999)) {
    throw new UsageError(`--order must be a whole number from 1 to 999, not "${req.order}"`, 'order', { order: String(req.order) });
  }
  if (req.level !== undefined && !(Number.isInteger(req.level) && req.level >= 1 && req.level <= 5)) {
    throw new UsageError(`--level must be a whole number from 1 to 5, not "${req.level}"`, 'level', { level: String(req.level) });
  }

  const { items, issues } = validateContent(root, { includeDrafts: true });
  const existing = collectKeys(root, items, issues.map((i) => i.file));
  let key: string;
  let translationOf: string | undefined;
  if (req.key !== undefined) {
    if (!KEY_PATTERN.test(req.key)) {
      throw new UsageError(`--key "${req.key}" is not a valid key — use 3–64 characters of a-z, 0-9 and "-", e.g. "getting-started"`, 'key', { key: req.key });
    }
    const same = items.filter((i) => i.data.key === req.key);
    if (same.some((i) => i.data.locale === locale) || (existing.has(req.key) && same.length === 0)) {
      throw new UsageError(`the key "${req.key}" is already used in ${locale} — choose another key, or use --locale to add a translation`, 'keyUsed', { key: req.key, locale });
    }
    if (same.length && same[0]!.type !== type) {
      throw new UsageError(`the key "${req.key}" belongs to a ${same[0]!.type} — a translation must have the same type`, 'keyType', { key: req.key, type: same[0]!.type });
    }
    key = req.key;
    translationOf = same[0]?.file;
  } else {
    const prefix = keyPrefix(title, type);
    do key = `${prefix}-${randomSuffix()}`;
    while (existing.has(key));
  }

  const file = `content/${COLLECTIONS[type].folder}/${locale}/${key}.mdx`;
  if (existsSync(join(root, file))) throw new UsageError(`${file} already exists — choose another --key`, 'exists', { file });
  const level = req.level ?? DEFAULT_LEVEL[type];
  const source = translationOf ? items.find((i) => i.file === translationOf) : undefined;
  const text = skeletonFor({ type, key, title, locale, level, today: isoDate(today), req, items, source, root });
  return { type, key, locale, file, text, translationOf };
}

/** Keys of every content file, including files that do not pass their schema yet. */
function collectKeys(root: string, items: CheckedItem[], invalidFiles: string[]): Set<string> {
  const keys = new Set(items.map((i) => i.data.key));
  for (const file of new Set(invalidFiles)) {
    const m = /^key:\s*["']?([a-z0-9-]+)/m.exec(readFileSync(join(root, file), 'utf8'));
    if (m) keys.add(m[1]!);
  }
  return keys;
}
