import { openDatabase, type Db } from '../../../db/client.ts';
import { getConfig, databaseLocation } from './config.ts';

let db: Db | undefined;

/**
 * The process-wide database connection of the request path, opened and migrated on first use. Its busy
 * timeout is short (DATABASE_BUSY_TIMEOUT_MS): better-sqlite3 waits synchronously, so a long timeout would
 * freeze every request while another process holds a lock. Writes wait for such a lock asynchronously
 * instead (db/wait-for-write-lock.ts), and a lock that outlasts the wait answers 503, never 500.
 */
export function getDb(): Db {
  if (db) return db;
  // Opening migrates, which needs the write lock once: the usual wait is fine here, before serving.
  db = openDatabase(databaseLocation(getConfig()), process.cwd(), { busyTimeoutMs: 1000 });
  db.$client.pragma(`busy_timeout = ${getConfig().DATABASE_BUSY_TIMEOUT_MS}`);
  return db;
}

export function closeDb(): void {
  db?.$client.close();
  db = undefined;
}

// scripts/start.ts closes this connection last on shutdown, but Astro's bundle holds its own copy of this
// module; a process-wide symbol lets the server wrapper reach the copy that actually opened it.
(globalThis as { [key: symbol]: unknown })[Symbol.for('jisou.db.close')] = closeDb;
