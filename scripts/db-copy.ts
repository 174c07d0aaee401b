// `npm run db:copy -- <from> <to> [--batch-size N] [--stop-after N]`: all data between an SQLite file and a
// PostgreSQL database (either way, or SQLite to SQLite), verified by row counts and checksums, resumable.
// Exit codes: 0 copied and verified, 1 failed or did not verify, 2 bad arguments or an unusable side (nothing
// written), 3 stopped by --stop-after (run again to continue).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CopyEndpoint } from '../src/lib/server/db-copy/copy-endpoint.ts';
import type { CopyEvent } from '../src/lib/server/db-copy/copy-database.ts';
import { isPostgresUrl } from '../db/postgres-url.ts';
import { checkLocation, CopyError } from '../src/lib/server/db-copy/copy-location.ts';
import { redactDatabaseUrl } from '../src/lib/server/db/redact-database-url.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { databasePathProblem } from './lib/database-path-problem.ts';

const root = resolve(import.meta.dirname, '..');
const t = cliMessages('dbcopy');
const fmt = (n: number) => n.toLocaleString('en-US');

function fail(code: number, message: string, usage = false): never {
  console.error(message);
  if (usage) console.error(`\n${t('dbcopy.usage')}`);
  process.exit(code);
}

let parsed: ReturnType<typeof parseArgs<{ options: { 'batch-size': { type: 'string' }; 'stop-after': { type: 'string' }; help: { type: 'boolean' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { 'batch-size': { type: 'string' }, 'stop-after': { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
} catch (error) {
  fail(2, t('dbcopy.error.unknownOption', { reason: (error as Error).message }), true);
}
if (parsed.values.help) {
  console.log(t('dbcopy.usage'));
  process.exit(0);
}
const positionals = parsed.positionals;
if (positionals.length !== 2) fail(2, t('dbcopy.error.args', { count: positionals.length }), true);
const wholeNumber = (option: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(2, t('dbcopy.error.option', { option, value }));
  return n;
};
const batchRows = wholeNumber('--batch-size', parsed.values['batch-size']);
const stopAfterRows = wholeNumber('--stop-after', parsed.values['stop-after']);
const [from, to] = positionals as [string, string];
const identity = (v: string) => (isPostgresUrl(v) ? redactDatabaseUrl(v).replace(/\/+$/, '') : resolve(root, v));
if (identity(from) === identity(to)) fail(2, t('dbcopy.error.same', { target: identity(to) }));

try {
  // Both sides' shapes before anything connects: a typo in <to> must not wait for <from> to open.
  checkLocation(from, 'source', root);
  checkLocation(to, 'target', root);
} catch (error) {
  if (error instanceof CopyError) fail(2, t(error.key, error.params));
  throw error;
}
// The drivers and the schema load only once the arguments are fine: a typo is answered at once.
const { openCopyEndpoint } = await import('../src/lib/server/db-copy/copy-endpoint.ts');
const { copyDatabase } = await import('../src/lib/server/db-copy/copy-database.ts');
const opened: CopyEndpoint[] = [];
async function closeAll() {
  for (const end of opened.reverse()) await end.close().catch(() => {});
}

const started = performance.now();
try {
  // The source first: a missing file or unreachable server stops here, before the target is created or touched.
  const source = await openCopyEndpoint(from, 'source', root, () => null);
  opened.push(source);
  const target = await openCopyEndpoint(to, 'target', root, (file) => databasePathProblem(file, root));
  opened.push(target);
  console.log(t('dbcopy.start', { source: source.label, target: target.label }));
  let verifying = false;
  const onEvent = (e: CopyEvent) => {
    if (e.type === 'resume') console.log(t('dbcopy.resume', { tables: e.tables }));
    else if (e.type === 'table') console.log(t('dbcopy.table', { table: e.table, done: fmt(e.done), total: fmt(e.total) }));
    else if (e.type === 'deferred') console.log(t('dbcopy.deferred', { table: e.table, columns: e.columns.join(', '), done: fmt(e.done), total: fmt(e.total) }));
    else if (e.type === 'sequence') console.log(t('dbcopy.sequence', { table: e.table, next: e.next }));
    else {
      if (!verifying) console.log(t('dbcopy.verifyHeader'));
      verifying = true;
      console.log(t('dbcopy.verifyRow', { mark: e.ok ? 'ok' : 'MISMATCH', table: e.table, sourceRows: fmt(e.sourceRows), targetRows: fmt(e.targetRows), sourceSum: e.sourceSum, targetSum: e.targetSum }));
    }
  };
  const result = await copyDatabase(source, target, { batchRows, stopAfterRows, onEvent });
  await closeAll();
  if (result.stopped) {
    console.log(t('dbcopy.stopped', { copied: fmt(result.copiedRows) }));
    process.exit(3);
  }
  if (!result.verified) fail(1, t('dbcopy.mismatch', { tables: result.tables.filter((r) => !r.ok).map((r) => r.table).join(', ') }));
  const rows = result.tables.reduce((n, r) => n + r.rows, 0);
  console.log(t('dbcopy.done', { tables: result.tables.length, rows: fmt(rows), copied: fmt(result.copiedRows), seconds: ((performance.now() - started) / 1000).toFixed(1) }));
} catch (error) {
  await closeAll();
  if (error instanceof CopyError) fail(2, t(error.key, error.params));
  fail(1, t('dbcopy.error.failed', { reason: (error as Error).message }));
}
