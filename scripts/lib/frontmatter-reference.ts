// Renders the frontmatter reference of docs/authoring.md from the zod schemas' `.meta()` documentation
// (English `description`, Japanese `ja`), so the guide cannot drift from what the check enforces.
import { z } from 'astro/zod';
import { COLLECTIONS, CONTENT_TYPES, DEFAULT_LEVEL, KEY_PATTERN, type ContentType } from '../../src/schemas/index.ts';
import { baseFields } from '../../src/schemas/common.ts';

type Lang = 'ja' | 'en';
interface Js {
  type?: string;
  format?: string;
  description?: string;
  ja?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Js[];
  items?: Js;
  properties?: Record<string, Js>;
  required?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export const MARKERS = (lang: Lang) => ({
  begin: `<!-- BEGIN GENERATED frontmatter-reference-${lang}: edit src/schemas/*.ts, then run npm run docs:authoring -->`,
  end: `<!-- END GENERATED frontmatter-reference-${lang} -->`,
});

const TYPE_NAMES: Record<ContentType, { ja: string; en: string }> = {
  manual: { ja: '導入マニュアル', en: 'Onboarding manual' },
  article: { ja: '記事・Tips', en: 'Article / tip' },
  webinar: { ja: 'ウェビナー', en: 'Webinar' },
  'case-study': { ja: '活用事例', en: 'Case study' },
  announcement: { ja: 'お知らせ', en: 'Announcement' },
  roadmap: { ja: 'サクセスロードマップ', en: 'Success roadmap' },
};

function toJson(schema: z.ZodType): Js {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if ((ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === 'date') ctx.jsonSchema.format = 'date';
    },
  }) as Js;
}

/** "1–120 chars", "up to 12", "at least 1"… in the reader's language; unit '' for numbers. */
function range(lang: Lang, min: number | undefined, max: number | undefined, unit: { ja: string; en: string }): string {
  const ja = lang === 'ja';
  if (min !== undefined && max !== undefined) return ja ? `${min}〜${max}${unit.ja}` : `${min}–${max}${unit.en}`;
  if (max !== undefined) return ja ? `最大${max}${unit.ja}` : `up to ${max}${unit.en}`;
  if (min !== undefined) return ja ? `${min}${unit.ja}以上` : `at least ${min}${unit.en}`;
  return '';
}
const CHARS = { ja: '文字', en: ' chars' };
const ENTRIES = { ja: '件', en: '' };
const NONE = { ja: '', en: '' };

function typeLabel(js: Js, lang: Lang): string {
  const ja = lang === 'ja';
  if (js.format === 'date') return ja ? '日付 (YYYY-MM-DD)' : 'date (YYYY-MM-DD)';
  if (js.anyOf) return js.anyOf.map((a) => typeLabel(a, lang)).join(' \\| ');
  if (js.const !== undefined) return `\`${js.const}\``;
  if (js.enum) return js.enum.map((v) => `\`${v}\``).join(' / ');
  switch (js.type) {
    case 'string': {
      if (js.pattern === KEY_PATTERN.source) return ja ? 'キー' : 'key';
      // A minimum of 1 only says "not empty", which every required text is anyway.
      const r = range(lang, js.minLength === 1 && js.maxLength === undefined ? undefined : js.minLength, js.maxLength, CHARS);
      return ja ? `文字列${r ? `(${r})` : ''}` : `text${r ? ` (${r})` : ''}`;
    }
    case 'integer':
    case 'number': {
      const r = range(lang, js.minimum, js.maximum, NONE);
      const name = js.type === 'integer' ? (ja ? '整数' : 'whole number') : ja ? '数値' : 'number';
      return r ? `${name} ${r}` : name;
    }
    case 'boolean':
      return '`true` / `false`';
    case 'array': {
      const r = range(lang, js.minItems, js.maxItems, ENTRIES);
      const item = js.items ? typeLabel(js.items, lang) : '';
      return ja ? `${item}のリスト${r ? `(${r})` : ''}` : `list of ${item}${r ? ` (${r})` : ''}`;
    }
    case 'object':
      return ja ? 'オブジェクト(下の行)' : 'object (rows below)';
    default:
      return '';
  }
}

const cell = (s: string) => s.replace(/\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
const defaultLabel = (v: unknown) => (v === undefined ? '' : `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``);

/** One table row per field, nested objects as `parent.child` and lists of objects as `parent[].child`. */
function rows(props: Record<string, Js>, required: string[], lang: Lang, prefix = '', skip = new Set<string>()): string[] {
  const out: string[] = [];
  for (const [name, js] of Object.entries(props)) {
    if (skip.has(name)) continue;
    const path = `${prefix}${name}`;
    const req = required.includes(name) ? (lang === 'ja' ? '必須' : 'yes') : '';
    const text = (lang === 'ja' ? js.ja : js.description) ?? '';
    out.push(`| \`${path}\` | ${cell(typeLabel(js, lang))} | ${req} | ${cell(defaultLabel(js.default))} | ${cell(text)} |`);
    const object = js.type === 'object' ? js : js.items?.type === 'object' ? js.items : js.anyOf?.find((a) => a.type === 'object');
    if (object?.properties) {
      const childPrefix = js.type === 'array' ? `${path}[].` : `${path}.`;
      out.push(...rows(object.properties, object.required ?? [], lang, childPrefix));
    }
  }
  return out;
}

function table(lines: string[], lang: Lang): string {
  const head = lang === 'ja' ? '| 項目 | 型 | 必須 | 既定値 | 説明 |' : '| field | type | required | default | description |';
  return [head, '|---|---|---|---|---|', ...lines].join('\n');
}

/** The generated section for one language (without the markers). */
export function renderFrontmatterReference(lang: Lang): string {
  const ja = lang === 'ja';
  const common = new Set(Object.keys(baseFields));
  const manual = toJson(COLLECTIONS.manual.schema);
  const out: string[] = [];
  out.push(ja ? '#### すべての種類に共通の項目' : '#### Fields of every type', '');
  out.push(table(rows(manual.properties!, manual.required ?? [], lang, '', new Set(Object.keys(manual.properties!).filter((k) => !common.has(k) && k !== 'level'))).map((r) =>
    r.startsWith('| `level`') ? r.replace(/\| `\d+` \|/, `| ${ja ? '種類ごと(下記)' : 'per type (below)'} |`) : r), lang));
  for (const type of CONTENT_TYPES) {
    const js = toJson(COLLECTIONS[type].schema);
    const name = TYPE_NAMES[type][lang];
    out.push('', `#### \`${type}\` — ${name}`, '');
    const where = `\`content/${COLLECTIONS[type].folder}/<locale>/*.mdx\``;
    out.push(ja
      ? `${js.ja ?? ''}ファイルの置き場所: ${where}。\`level\` の既定値: ${DEFAULT_LEVEL[type]}。`
      : `${js.description ?? ''} Files: ${where}. Default \`level\`: ${DEFAULT_LEVEL[type]}.`);
    const own = rows(js.properties!, js.required ?? [], lang, '', new Set([...common, 'level']));
    out.push('', own.length ? table(own, lang) : ja ? '共通の項目のみです。' : 'Only the common fields.');
  }
  return out.join('\n');
}

/** Replace each generated section of the guide; throws when a marker is missing. */
export function updateGuide(text: string): string {
  let out = text;
  for (const lang of ['ja', 'en'] as const) {
    const { begin, end } = MARKERS(lang);
    const a = out.indexOf(begin);
    const b = out.indexOf(end);
    if (a === -1 || b === -1 || b < a) throw new Error(`docs/authoring.md lacks the markers:\n${begin}\n${end}`);
    out = `${out.slice(0, a + begin.length)}\n\n${renderFrontmatterReference(lang)}\n\n${out.slice(b)}`;
  }
  return out;
}
