// `npm run content:check [-- --json] [--staged] [--verbose]`: validate all content (drafts included).
// Errors read `file:line:column field — what is wrong — how to fix`; exit code 1 when there is an error.
// The same problem in many places (an unknown field in 144 imported files) prints once with its count;
// --verbose lists every place.
// --staged checks the version of content/ and public/ staged for commit (used by the pre-commit hook).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssueLines } from '../src/lib/content/check-report.ts';
import { validateContent } from '../src/lib/content/validate.ts';

const USAGE = 'usage: npm run content:check -- [--json] [--staged] [--verbose]';
let args;
try {
  args = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      staged: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
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
    console.error(`could not read the staged files from git: ${String(list.stderr || out.stderr).trim()}`);
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
  console.log(JSON.stringify({ files, errors, warnings: issues.length - errors, ms, issues, missingTranslations }, null, 2));
} else {
  for (const line of formatIssueLines(issues, { verbose: args.verbose })) console.log(line);
  if (missingTranslations.length) {
    console.log(`\nMissing translations (a report, not an error): ${missingTranslations.length} key(s)`);
    for (const m of missingTranslations) {
      console.log(`  ${m.file} ${m.key}: has ${m.locales.join(', ')}, missing ${m.missing.join(', ')}`);
    }
  }
  const what = args.staged ? 'staged files' : 'files';
  console.log(`\n${files} ${what} checked in ${ms} ms: ${errors} error(s), ${issues.length - errors} warning(s).`);
}
process.exit(errors > 0 ? 1 : 0);
