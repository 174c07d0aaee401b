// `npm run content:stats [-- --target N] [--level-target N] [--drafts] [--no-git] [--json]`:
// content creation volume per type, level, locale and author against the target, and its trend by month.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectContentStats, formatContentStats } from './lib/content-stats-report.ts';
import { cliMessages } from './lib/cli-messages.ts';

// Messages follow JISOU_LANG / LANG (src/i18n/<locale>/cli.json).
const t = cliMessages('cli');
const USAGE = t('cli.stats.usage');

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${t('cli.stats.badNumber', { name, value })}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      target: { type: 'string' },
      'level-target': { type: 'string' },
      drafts: { type: 'boolean', default: false },
      'no-git': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
const stats = collectContentStats(root, {
  target: positive('target', args.target),
  levelTarget: positive('level-target', args['level-target']),
  includeDrafts: args.drafts,
  git: !args['no-git'],
});
console.log(args.json ? JSON.stringify(stats, null, 2) : formatContentStats(stats, t));
