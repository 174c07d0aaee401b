import { openDatabase, type Db } from '../../../db/client.ts';
import { getConfig } from './config.ts';

let db: Db | undefined;

/** The process-wide database connection, opened and migrated on first use. */
export function getDb(): Db {
  db ??= openDatabase(getConfig().DATABASE_PATH);
  return db;
}

export function closeDb(): void {
  db?.$client.close();
  db = undefined;
}

// scripts/start.ts closes this connection last on shutdown, but Astro's bundle holds its own copy of this
// module; a process-wide symbol lets the server wrapper reach the copy that actually opened it.
(globalThis as { [key: symbol]: unknown })[Symbol.for('jisou.db.close')] = closeDb;
