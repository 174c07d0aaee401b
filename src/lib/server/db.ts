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
