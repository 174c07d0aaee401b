// `npm run db:restore -- <backup-file>`: replace the database with a verified backup. Stop the portal first.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { getConfig } from '../src/lib/server/config.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { redactDatabaseUrl } from '../src/lib/server/db/redact-database-url.ts';

const root = resolve(import.meta.dirname, '..');
// With DATABASE_URL the data is in PostgreSQL, which has its own tools: backing up (or restoring) the unused
// SQLite file would look like success and protect nothing.
if (getConfig().DATABASE_URL) {
  console.error(cliMessages('ops')('ops.db.postgresHasOwnBackups', { url: redactDatabaseUrl(getConfig().DATABASE_URL!) }));
  process.exit(2);
}
const file = process.argv[2];
if (!file || file.startsWith('-')) {
  console.error('Usage: npm run db:restore -- <backup-file>   (backups are in db/backups/ by default)');
  process.exit(2);
}
const backup = resolve(process.cwd(), file);
if (!existsSync(backup)) {
  console.error(`No such backup: ${backup}. List the available ones with: ls db/backups`);
  process.exit(2);
}
let check: unknown;
try {
  const db = new Database(backup, { readonly: true, fileMustExist: true });
  check = db.pragma('integrity_check', { simple: true });
  db.close();
} catch (error) {
  console.error(`${backup} is not a readable SQLite database (${(error as Error).message}). Pick another backup.`);
  process.exit(1);
}
if (check !== 'ok') {
  console.error(`${backup} fails integrity_check (${String(check)}). Pick another backup.`);
  process.exit(1);
}

const target = resolve(root, getConfig().DATABASE_PATH);
// A live writer would keep its own view of the old file; refuse if the database is busy.
if (existsSync(target)) {
  const live = new Database(target);
  try {
    live.pragma('busy_timeout = 0');
    live.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch {
    console.error('The database is in use. Stop the portal (systemctl stop jisou, or Ctrl+C) and run the restore again.');
    process.exit(1);
  } finally {
    live.close();
  }
  const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(target, aside);
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  console.log(`current database kept as ${aside}`);
}
copyFileSync(backup, target);
console.log(`restored ${backup} → ${target}. Start the portal again (npm start); migrations run at start.`);
