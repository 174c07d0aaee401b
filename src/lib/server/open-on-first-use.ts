import { openDatabase, type Db } from '../../../db/client.ts';
import type { Config } from '../../schemas/config.ts';
import { databaseLocation } from './config.ts';

/**
 * A database connection for a handler in front of Astro (unsubscribe, search files): opened on the first
 * request that needs it, with the pages' busy timeout, and closed with the server.
 */
export function openOnFirstUse(root: string, config: Config): { get: () => Db; close: () => void } {
  let db: Db | undefined;
  return {
    get: () => {
      if (!db) {
        db = openDatabase(databaseLocation(config), root);
        db.$client.pragma(`busy_timeout = ${config.DATABASE_BUSY_TIMEOUT_MS}`);
      }
      return db;
    },
    close: () => db?.$client.close(),
  };
}
