import type Database from 'better-sqlite3';
import { dialectOf } from '../db/dialect.ts';
import { BoundedMap } from './clamp.ts';

/** Rows per statement on PostgreSQL without column types: as many as its parameter limit (65,535) comfortably allows. */
const PG_PARAMS_PER_STATEMENT = 30_000;
/** Statements kept for the sizes of last chunks on PostgreSQL (the text of a large one is tens of KB). */
const PG_SIZES_KEPT = 32;
const MARK = '\u0000rows\u0000';

/**
 * An INSERT (or upsert) run for many rows at once: `perStatement` rows per statement, what is left row by
 * row. One statement per row would add a statement's overhead (a native call, parameter binding, a VM
 * start) to every row of a batch of thousands. Rows are written in order, as separate statements would
 * (a later row with the same key upserts onto the earlier one) — on SQLite; PostgreSQL refuses an upsert
 * that meets one key twice, so callers pass each key once.
 *
 * On PostgreSQL every statement costs a round trip through the synchronous bridge (~0.8 ms), and parsing
 * and planning a VALUES list of thousands of parameters costs the server more than the rows' work. Given the
 * columns' PostgreSQL types (`pgTypes`), all rows go in one statement whatever their number, one array per
 * column: `VALUES …` becomes `SELECT * FROM unnest($1::bigint[], $2::text[], …)` (columns named column1…,
 * as VALUES names them). Without them, rows go in chunks as large as the parameter limit allows and the
 * rest in one statement of its exact size.
 *
 * `sql` gets the VALUES list, written right after the word VALUES; `params` holds the rows' values one row
 * after the other. Returns what the statements return (RETURNING), in no particular order.
 */
export function manyRows(
  db: Database.Database,
  sql: (values: string) => string,
  columns: number,
  perStatement = 64,
  pgTypes?: readonly string[],
): (params: unknown[]) => unknown[] {
  const pg = dialectOf(db) === 'pg';
  const returned: unknown[] = [];
  const run = (stmt: Database.Statement, values: unknown[]) => {
    if (stmt.reader) returned.push(...stmt.all(values));
    else stmt.run(values);
  };
  if (pg && pgTypes) {
    if (pgTypes.length !== columns) throw new Error(`manyRows: ${columns} columns but ${pgTypes.length} PostgreSQL types`);
    const template = sql(MARK);
    if (!template.includes(`VALUES ${MARK}`)) throw new Error('manyRows: the statement must name its rows as `VALUES ${values}`');
    const unnest = `SELECT * FROM unnest(${pgTypes.map((t) => `CAST(? AS ${t}[])`).join(', ')}) AS u(${pgTypes.map((_, i) => `column${i + 1}`).join(', ')})`;
    const stmt = db.prepare(template.replace(`VALUES ${MARK}`, unnest));
    return (params) => {
      returned.length = 0;
      if (params.length === 0) return [];
      const rows = params.length / columns;
      const arrays = Array.from({ length: columns }, () => new Array<unknown>(rows));
      for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < columns; c++, i++) arrays[c]![r] = params[i];
      run(stmt, arrays);
      return returned.splice(0);
    };
  }
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const rows = (n: number) => Array.from({ length: n }, () => row).join(', ');
  const perChunk = pg ? Math.max(1, Math.floor(PG_PARAMS_PER_STATEMENT / columns)) : perStatement;
  const many = db.prepare(sql(rows(perChunk)));
  const one = db.prepare(sql(row));
  const bySize = new BoundedMap<number, Database.Statement>(PG_SIZES_KEPT);
  const sized = (n: number) => {
    let stmt = bySize.get(n);
    if (!stmt) bySize.set(n, (stmt = n === 1 ? one : db.prepare(sql(rows(n)))));
    return stmt;
  };
  const chunk = perChunk * columns;
  return (params) => {
    returned.length = 0;
    let i = 0;
    for (; i + chunk <= params.length; i += chunk) run(many, params.slice(i, i + chunk));
    if (pg && i < params.length) run(sized((params.length - i) / columns), params.slice(i));
    else for (; i < params.length; i += columns) run(one, params.slice(i, i + columns));
    return returned.splice(0);
  };
}
