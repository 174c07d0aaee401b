// `npm run new -- <type> "<title>" [--level N] [--locale ja|en] [--key k] [--series s] [--order n]
//   [--video path-or-url] [--ref key …]`: create a draft content file that passes content:check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_TYPES } from '../src/schemas/index.ts';
import { itemHref } from '../src/lib/content/routes.ts';
import { planNewItem, UsageError } from './lib/new-item.ts';
import { cliMessages } from './lib/cli-messages.ts';

// Messages follow JISOU_LANG / LANG (src/i18n/<locale>/cli.json).
const t = cliMessages('cli');
const USAGE = t('cli.new.usage', { types: CONTENT_TYPES.join(', ') });

function fail(message: string): never {
  console.error(`${t('cli.new.error', { message })}\n\n${USAGE}`);
  process.exit(2);
}

const int = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) fail(t('cli.new.wholeNumber', { name, value: v }));
  return Number(v);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      level: { type: 'string' },
      locale: { type: 'string' },
      key: { type: 'string' },
      series: { type: 'string' },
      order: { type: 'string' },
      video: { type: 'string' },
      ref: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values: v, positionals } = parsed;
if (v.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 2) {
  fail(positionals.length < 2 ? t('cli.new.needArgs') : t('cli.new.tooMany', { count: positionals.length }));
}

const root = resolve(import.meta.dirname, '..');
try {
  const item = planNewItem(root, {
    type: positionals[0]!,
    title: positionals[1]!,
    level: int('level', v.level),
    locale: v.locale,
    key: v.key,
    series: v.series,
    order: int('order', v.order),
    video: v.video,
    refs: v.ref,
  });
  mkdirSync(dirname(join(root, item.file)), { recursive: true });
  writeFileSync(join(root, item.file), item.text, { flag: 'wx' });
  console.log(item.translationOf ? t('cli.new.createdTranslation', { file: item.file, of: item.translationOf }) : t('cli.new.created', { file: item.file }));
  console.log(t('cli.new.key', { key: item.key }));
  console.log(t('cli.new.preview', { href: itemHref(item.type, item.key) }));
  console.log(t('cli.new.next'));
} catch (e) {
  if (e instanceof UsageError) fail(e.code ? t(`cli.new.err.${e.code}`, e.params) : e.message);
  throw e;
}
