// Statements and drizzle's query builder, made once per connection: dashboards and the epoch readers run the
// same statements on every request.
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../../../../db/client.ts';
import * as schema from '../../../../db/schema/index.ts';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const orms = new WeakMap<Database.Database, Db>();

/** drizzle's query builder over the KPI connection, made once per connection (like `prepared`). */
export function ormOf(db: Database.Database): Db {
  let o = orms.get(db);
  if (!o) orms.set(db, (o = drizzle(db, { schema }) as Db));
  return o;
}

/** Prepare once per connection: dashboards run the same statements on every request. */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}
