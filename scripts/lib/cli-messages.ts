import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type CliLocale = 'ja' | 'en';

/** The language of command-line output: JISOU_LANG, then LANG/LC_ALL (ja_JP.UTF-8 → ja), else English. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): CliLocale {
  const tag = (env.JISOU_LANG || env.LC_ALL || env.LANG || '').toLowerCase();
  return tag.startsWith('ja') ? 'ja' : 'en';
}

/**
 * A translator over one area's message file (src/i18n/<locale>/<area>.json) for scripts, which run outside
 * Astro's bundler and so cannot use src/i18n/index.ts. `{name}` placeholders are filled from params.
 */
export function cliMessages(area: string, locale: CliLocale = cliLocale(), root = resolve(import.meta.dirname, '../..')) {
  const read = (l: CliLocale) => JSON.parse(readFileSync(resolve(root, 'src/i18n', l, `${area}.json`), 'utf8')) as Record<string, string>;
  const messages = { ...read('en'), ...read(locale) };
  return (key: string, params: Record<string, string | number> = {}) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));
}
