import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { resolve } from 'node:path';
import * as schemaPg from './schema-pg/index.ts';
import { isPostgresUrl } from './postgres-url.ts';
import { readInt8AsNumber } from './pg-sync/int8-as-number.ts';

export type PgDb = NodePgDatabase<typeof schemaPg> & { $client: pg.Pool };

import { PG_MIGRATIONS_DIR } from './client.ts';

export { PG_MIGRATIONS_DIR };

export { isPostgresUrl };

readInt8AsNumber(); // raw queries (db:copy) read bigints as numbers too

/**
 * Open a pool on a PostgreSQL database and apply pending migrations (drizzle's migrator keeps its journal in
 * the `drizzle` schema). The app still serves from SQLite (db/client.ts); this is for `npm run db:copy` and
 * the PostgreSQL tests. Connection errors are thrown as node-postgres reports them (code ECONNREFUSED, 28P01…).
 */
export async function openPostgres(url: string, root = process.cwd(), opts: { max?: number } = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (restart, failover) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const db = drizzle(pool, { schema: schemaPg }) as PgDb;
    await migrate(db, { migrationsFolder: resolve(root, PG_MIGRATIONS_DIR) });
    return db;
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

export { schemaPg };
