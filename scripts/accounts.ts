// `npm run accounts -- <command> [options]`: administer accounts and users from the shell (the same
// operations as /manage/accounts, recorded in the audit log as made via the CLI). Run with "help".
import { resolve } from 'node:path';
import { openDatabase, type Db } from '../db/client.ts';
import { getConfig, databaseLocation } from '../src/lib/server/config.ts';
import { runAccountsCli } from './lib/accounts-cli.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
let db: Db | undefined;
try {
  const result = runAccountsCli(process.argv.slice(2), () => (db = openDatabase(databaseLocation(getConfig()), root)));
  if (result.stdout) console.log(result.stdout);
  if (result.stderr) console.error(result.stderr);
  process.exitCode = result.code;
} finally {
  db?.$client.close();
}
