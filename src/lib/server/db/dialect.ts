import type Database from 'better-sqlite3';
import type { Db } from '../../../../db/client.ts';

export type Dialect = 'sqlite' | 'pg';

/**
 * Which database a connection speaks to. Queries are written once (drizzle's builder, or SQL both accept);
 * the few that cannot be ask this and pick their dialect's text (kept side by side in the same file).
 */
export function dialectOf(db: Db | Database.Database): Dialect {
  const client = ('$client' in db ? db.$client : db) as { dialect?: string };
  return client.dialect === 'pg' ? 'pg' : 'sqlite';
}

/** The larger of two values in one row: SQLite's two-argument max() is PostgreSQL's greatest(). */
export const greatestFn = (d: Dialect) => (d === 'pg' ? 'greatest' : 'max');
/** The smaller of two values in one row. */
export const leastFn = (d: Dialect) => (d === 'pg' ? 'least' : 'min');

/**
 * The elements of a JSON array of strings as rows with one column, `value`: SQLite's json_each(), and on
 * PostgreSQL json_array_elements_text(), whose column has the same name.
 */
export const jsonEach = (d: Dialect, expr: string) => (d === 'pg' ? `json_array_elements_text(${expr}::json)` : `json_each(${expr})`);
