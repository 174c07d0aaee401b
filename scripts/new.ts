// `npm run new -- <type> "<title>" [--level N] [--locale ja|en] [--key k] [--series s] [--order n]
//   [--video path-or-url] [--ref key …]`: create a draft content file that passes content:check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENT_TYPES } from '../src/schemas/index.ts';
import { itemHref } from '../src/lib/content/routes.ts';
import { planNewItem, UsageError } from './lib/new-item.ts';

const USAGE = `usage: npm run new -- <type> "<title>" [--level 1-5] [--locale ja|en] [--key key]
  types: ${CONTENT_TYPES.join(', ')}
  manual:       [--series key] [--order n]   (default: a new series, or the next order in --series)
  webinar:      [--video webinars/file.mp4 | https://…]   (default: a "TODO:" path to fill in)
  announcement, roadmap: [--ref key]…   (items to point at; a roadmap defaults to existing content)
  --key with a key that exists in another locale creates its translation.`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const int = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) fail(`--${name} must be a whole number, not "${v}"`);
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
  fail(positionals.length < 2 ? 'give a type and a title in quotes' : `too many arguments (${positionals.length}); put the title in quotes`);
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
  console.log(`created ${item.file}${item.translationOf ? ` (translation of ${item.translationOf})` : ''}`);
  console.log(`  key: ${item.key}  (stable: keep it when you rename or move the file)`);
  console.log(`  preview: npm run dev, then http://localhost:4321${itemHref(item.type, item.key)}`);
  console.log('next: replace every "TODO:", preview with npm run dev, run npm run content:check,');
  console.log('      set draft: false when it is ready, then commit.');
} catch (e) {
  if (e instanceof UsageError) fail(e.message);
  throw e;
}
