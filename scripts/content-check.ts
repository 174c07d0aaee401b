// `npm run content:check [-- --json] [--staged] [--verbose]`: validate all content (drafts included).
// Errors read `file:line:column field — what is wrong — how to fix`; exit code 1 when there is an error.
// The same problem in many places (an unknown field in 144 imported files) prints once with its count;
// --verbose lists every place.
// --translations lists every key missing a translation (otherwise one summary line).
// Messages follow JISOU_LANG / LANG (ja or en; src/i18n/<locale>/cli.json).
// --staged checks the version of content/ and public/ staged for commit (used by the pre-commit hook).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssueLines } from '../src/lib/content/check-report.ts';
import { validateContent } from '../src/lib/content/validate.ts';
import { cliMessages } from './lib/cli-messages.ts';

const t = cliMessages('cli');
const USAGE = t('cli.check.usage');
let args;
try {
  args = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      staged: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      translations: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}

/** Copy the staged (index) version of content/ and public/ into a temporary directory. */
function exportStaged(cwd: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-staged-'));
  const list = spawnSync('git', ['ls-files', '-z', '--', 'content', 'public'], { cwd, encoding: 'buffer' });
  const out = spawnSync('git', ['checkout-index', '-z', '--stdin', `--prefix=${dir}/`], { cwd, input: list.stdout });
  if (list.status !== 0 || out.status !== 0) {
    console.error(t('cli.check.stagedFailed', { error: String(list.stderr || out.stderr).trim() }));
    process.exit(2);
  }
  return dir;
}

const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const checkRoot = args.staged ? exportStaged(root) : root;
const { issues, files, missingTranslations } = validateContent(checkRoot, { includeDrafts: true });
if (args.staged) rmSync(checkRoot, { recursive: true, force: true });
const errors = issues.filter((i) => i.severity === 'error').length;
const ms = Math.round(performance.now() - started);

if (args.json) {
  // The documented shape: English message and hint (the message ids are for this CLI's own output).
  const plain = issues.map(({ code: _code, params: _params, ...issue }) => issue);
  console.log(JSON.stringify({ files, errors, warnings: issues.length - errors, ms, issues: plain, missingTranslations }, null, 2));
} else {
  for (const line of formatIssueLines(issues, { verbose: args.verbose, t })) console.log(line);
  if (missingTranslations.length && args.translations) {
    console.log(`\n${t('cli.check.translationsHeading', { count: missingTranslations.length })}`);
    for (const m of missingTranslations) console.log(t('cli.check.translationLine', { file: m.file, key: m.key, has: m.locales.join(', '), missing: m.missing.join(', ') }));
  } else if (missingTranslations.length) {
    // One line: the list is long in a portal written first in Japanese, and it is not an error.
    const missing = (l: string) => missingTranslations.filter((m) => m.missing.includes(l)).length;
    console.log(`\n${t('cli.check.translations', { count: missingTranslations.length, ja: missing('ja'), en: missing('en') })}`);
  }
  const what = t(args.staged ? 'cli.check.stagedFiles' : 'cli.check.files');
  console.log(`\n${t('cli.check.summary', { files, what, ms, errors, warnings: issues.length - errors })}`);
}
process.exit(errors > 0 ? 1 : 0);
