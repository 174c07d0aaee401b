import type Database from 'better-sqlite3';
import { openDatabase } from '../../db/client.ts';
import { isPostgresUrl } from '../../db/postgres-url.ts';

export { isPostgresUrl };

/**
 * The test server's database, by what `startTestServer` reported as its `databasePath`: the SQLite file, or
 * on the PostgreSQL run its postgres:// URL. The same better-sqlite3 interface either way (db/pg-sync/).
 */
export function openTestDatabase(location: string): Database.Database {
  return openDatabase(location).$client;
}

/** The environment that points a CLI or a second server at this database: DATABASE_URL or DATABASE_PATH. */
export function databaseEnv(location: string): { DATABASE_URL: string } | { DATABASE_PATH: string } {
  return isPostgresUrl(location) ? { DATABASE_URL: location } : { DATABASE_PATH: location };
}
