// `npm run import -- <starlight|docusaurus|markdown> <source-dir> [--type article|manual] [--level 1-5]
//   [--audience public|customers] [--locale ja|en] [--site https://old.example] [--dry-run]`
// Brings an existing docs folder into content/: frontmatter mapped, imports removed, components mapped,
// links and images rewritten. Prints one line per file, then what `content:check` still reports for the
// imported files (the work left by hand). Re-running over the same source changes nothing.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssueLines } from '../src/lib/content/check-report.ts';
import { validateContent } from '../src/lib/content/validate.ts';
import { LOCALES, type ContentType } from '../src/schemas/common.ts';
import { IMPORT_KINDS, IMPORT_TYPES, runImport, type ImportKind } from './lib/import-run.ts';

const USAGE =
  'usage: npm run import -- <starlight|docusaurus|markdown> <source-dir> [--type article|manual] [--level 1-5] [--audience public|customers] [--locale ja|en] [--site https://…] [--dry-run]';
const fail = (message: string): never => {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      type: { type: 'string', default: 'article' },
      level: { type: 'string' },
      audience: { type: 'string' },
      locale: { type: 'string', default: 'ja' },
      site: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values, positionals } = parsed!;
const [kind, sourceArg] = positionals;
if (!kind || !IMPORT_KINDS.includes(kind as ImportKind)) fail(`the kind "${kind ?? ''}" is not one of: ${IMPORT_KINDS.join(', ')}`);
if (!sourceArg) fail('give the folder to import, e.g. npm run import -- starlight ../old-docs');
const source = resolve(process.env.INIT_CWD ?? process.cwd(), sourceArg!);
if (!existsSync(source) || !statSync(source).isDirectory()) fail(`the folder "${sourceArg}" does not exist`);
if (!IMPORT_TYPES.includes(values.type as ContentType)) fail(`--type ${values.type} is not supported for imports; use one of: ${IMPORT_TYPES.join(', ')}`);
const level = values.level === undefined ? undefined : Number(values.level);
if (level !== undefined && !(Number.isInteger(level) && level >= 1 && level <= 5)) fail(`--level ${values.level} is not a level; use 1 to 5`);
if (values.audience !== undefined && !['public', 'customers'].includes(values.audience)) {
  fail(`--audience ${values.audience} is not supported here; use public or customers (set segments or plans in the files afterwards)`);
}
if (!(LOCALES as readonly string[]).includes(values.locale!)) fail(`--locale ${values.locale} is not one of: ${LOCALES.join(', ')}`);
if (values.site !== undefined && !/^https?:\/\/[^/]/.test(values.site)) fail(`--site ${values.site} is not an address; write it as https://docs.example.com`);

const root = resolve(import.meta.dirname, '..');
const dryRun = values['dry-run']!;
const results = runImport({
  kind: kind as ImportKind,
  source,
  root,
  type: values.type as ContentType,
  level,
  audience: values.audience,
  locale: values.locale!,
  site: values.site?.replace(/\/+$/, ''),
  dryRun,
  log: (line) => console.log(line),
});

const count = (s: string) => results.filter((r) => r.status === s).length;
console.log(`\n${results.length} file(s) read: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('skipped')} skipped${dryRun ? ' (dry run: nothing written)' : ''}.`);
const unwrapped = [...new Set(results.flatMap((r) => r.report.unwrapped))];
if (unwrapped.length) console.log(`Unknown components unwrapped (their text is kept): ${unwrapped.join(', ')}`);
const dropped = [...new Set(results.flatMap((r) => r.droppedFields))];
if (dropped.length) console.log(`Frontmatter fields dropped: ${dropped.join(', ')}`);

if (!dryRun) {
  const targets = new Set(results.map((r) => r.target));
  const left = validateContent(root, { includeDrafts: true }).issues.filter((i) => targets.has(i.file));
  if (left.length) {
    console.log(`\nLeft by hand (${left.length} problem(s) that content:check reports in the imported files):`);
    for (const line of formatIssueLines(left)) console.log(line);
    process.exit(1);
  }
  console.log('The imported files pass content:check.');
}
