// `npm run db:backup [-- --dir DIR --keep N]`: consistent online copy of the SQLite database while the
// portal keeps serving (SQLite's backup API), verified with integrity_check, with rotation.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { redactDatabaseUrl } from '../src/lib/server/db/redact-database-url.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'db/backups' }, keep: { type: 'string', default: '7' } },
});
const keep = Number(values.keep);
if (!Number.isInteger(keep) || keep < 1) {
  console.error(`--keep must be a whole number ≥ 1 (got "${values.keep}"), e.g. --keep 7`);
  process.exit(2);
}
// With DATABASE_URL the data is in PostgreSQL, which has its own tools: backing up (or restoring) the unused
// SQLite file would look like success and protect nothing.
if (getConfig().DATABASE_URL) {
  console.error(cliMessages('ops')('ops.db.postgresHasOwnBackups', { url: redactDatabaseUrl(getConfig().DATABASE_URL!) }));
  process.exit(2);
}
const source = resolve(root, getConfig().DATABASE_PATH);
if (!existsSync(source)) {
  console.error(`No database at ${source}. Set DATABASE_PATH to the portal's database file.`);
  process.exit(2);
}
const dir = resolve(root, values.dir!);
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = join(dir, `${basename(source, '.sqlite')}-${stamp}.sqlite`);

const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const started = performance.now();
await db.backup(target, {
  progress({ totalPages, remainingPages }) {
    const done = totalPages - remainingPages;
    process.stdout.write(`\rbacking up ${done}/${totalPages} pages`);
    return 512; // pages per step: small steps let the portal's writer in between.
  },
});
db.close();
process.stdout.write('\rbacking up: done'.padEnd(40) + '\n');

// A backup is one self-contained file: leave WAL mode so no -wal/-shm companions are needed.
const copy = new Database(target);
copy.pragma('journal_mode = DELETE');
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
  console.error(`The backup failed its integrity check (${String(check)}); it was removed. Run the backup again.`);
  rmSync(target, { force: true });
  process.exit(1);
}
const size = statSync(target).size;
console.log(`backup ok: ${target} (${(size / 1024 / 1024).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)`);

const backups = readdirSync(dir)
  .filter((f) => f.endsWith('.sqlite'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs || b.localeCompare(a));
for (const old of backups.slice(keep)) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(old + suffix, { force: true });
  console.log(`rotated out ${old}`);
}
