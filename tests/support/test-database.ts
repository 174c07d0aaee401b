import type Database from 'better-sqlite3';
import { openDatabase } from '../../db/client.ts';

/**
 * The test server's database, by what `startTestServer` reported as its `databasePath`: the SQLite file, or
 * on the PostgreSQL run its postgres:// URL. The same better-sqlite3 interface either way (db/pg-sync/).
 */
export function openTestDatabase(location: string): Database.Database {
  return openDatabase(location).$client;
}
