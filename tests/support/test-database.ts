import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openDatabase, schema, type Db } from '../../db/client.ts';
import { isPostgresUrl } from '../../db/postgres-url.ts';

export { isPostgresUrl };

// On PostgreSQL an open costs a worker thread, a connection and a migration check: about a second on a loaded
// machine, during which the test's own event loop stands still (the connection is synchronous). A test that
// looks into the database between requests then stalls past the server's 5 s keep-alive timeout, and its next
// request goes out on a socket the server has closed ("other side closed"). So one connection per database
// per test process, opened on first use and kept: close() on it does nothing. SQLite opens a file each time.
const pgClients = new Map<string, Database.Database>();

function sharedPgClient(url: string): Database.Database {
  let client = pgClients.get(url);
  if (!client) {
    const opened = openDatabase(url).$client;
    client = new Proxy(opened, {
      get(target, prop) {
        if (prop === 'close') return () => {};
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    pgClients.set(url, client);
  }
  return client;
}

/**
 * The test server's database, by what `startTestServer` reported as its `databasePath`: the SQLite file, or
 * on the PostgreSQL run its postgres:// URL. The same better-sqlite3 interface either way (db/pg-sync/).
 */
export function openTestDatabase(location: string): Database.Database {
  return isPostgresUrl(location) ? sharedPgClient(location) : openDatabase(location).$client;
}

/** The same as a drizzle database (for the app's own helpers that take a `Db`); `$client.close()` after use. */
export function openTestDb(location: string): Db {
  return isPostgresUrl(location) ? (drizzle(sharedPgClient(location), { schema }) as Db) : openDatabase(location);
}

/** The environment that points a CLI or a second server at this database: DATABASE_URL or DATABASE_PATH. */
export function databaseEnv(location: string): { DATABASE_URL: string } | { DATABASE_PATH: string } {
  return isPostgresUrl(location) ? { DATABASE_URL: location } : { DATABASE_PATH: location };
}
