import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema/index.ts';
import { isPostgresUrl } from './postgres-url.ts';
import { openPgAsSqlite } from './pg-sync/sqlite-compatible-client.ts';
import { migratePgSync } from './pg-sync/migrate-sync.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Folder of the committed SQL migrations, relative to the project root. */
export const MIGRATIONS_DIR = 'db/migrations';
/** Folder of the committed PostgreSQL migrations, relative to the project root. */
export const PG_MIGRATIONS_DIR = 'db/migrations-pg';

/**
 * Open (creating if needed) the SQLite file with the settings every connection needs, then apply
 * pending migrations. WAL lets readers run beside the single writer; the busy timeout makes a
 * briefly locked database wait instead of failing.
 */
export function openDatabase(path: string, root = process.cwd(), opts: { busyTimeoutMs?: number } = {}): Db {
  if (isPostgresUrl(path)) return openPostgresAsDb(path, root, opts.busyTimeoutMs ?? 5000);
  const file = path === ':memory:' ? path : resolve(root, path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // CLIs and the writer thread may wait; the request path passes a short timeout (src/lib/server/db.ts).
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  applySizeLimit(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: resolve(root, MIGRATIONS_DIR) });
  return db;
}

/**
 * PostgreSQL (`DATABASE_URL`) behind the same synchronous interface: drizzle's better-sqlite3 driver over a
 * connection that speaks better-sqlite3's API (db/pg-sync/), migrated with the PostgreSQL migrations. The
 * app's queries are written once, in drizzle's SQLite builder; the few hand-written ones that differ by
 * dialect ask `dialectOf` (src/lib/server/db/dialect.ts).
 */
function openPostgresAsDb(url: string, root: string, busyTimeoutMs: number): Db {
  const client = openPgAsSqlite(url);
  try {
    // Another instance migrating at the same moment is waited for, however long its migration takes.
    migratePgSync(client.connection, resolve(root, PG_MIGRATIONS_DIR));
    // Then as SQLite's busy timeout: a lock held elsewhere (another instance's write) is waited for this long.
    client.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  } catch (error) {
    client.close();
    throw error;
  }
  return drizzle(client, { schema }) as Db;
}

/**
 * DATABASE_MAX_SIZE_MB (validated at start, see src/schemas/config.ts): SQLite's page limit holds only for
 * the connection that sets it, so every connection (pages, ingest, its writer thread) applies it here.
 * Past the limit writes fail with SQLITE_FULL, exactly as on a full disk, before the disk is really full.
 */
function applySizeLimit(sqlite: Database.Database): void {
  const mb = Number(process.env.DATABASE_MAX_SIZE_MB ?? 0);
  if (!(mb > 0)) return;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor((mb * 1024 * 1024) / pageSize))}`);
}

export { schema };
