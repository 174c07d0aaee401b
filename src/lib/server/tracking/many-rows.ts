import type Database from 'better-sqlite3';
import { dialectOf } from '../db/dialect.ts';
import { BoundedMap } from './clamp.ts';

/** Rows per statement on PostgreSQL: a statement is a round trip there, so as many as its parameter limit (65,535) comfortably allows. */
const PG_PARAMS_PER_STATEMENT = 30_000;
/** Statements kept for the sizes of last chunks on PostgreSQL (the text of a large one is tens of KB). */
const PG_SIZES_KEPT = 32;

/**
 * An INSERT (or upsert) run for many rows at once: `perStatement` rows per statement, what is left row by
 * row. One statement per row would add a statement's overhead (a native call, parameter binding, a VM
 * start) to every row of a batch of thousands. Rows are written in order, as separate statements would
 * (a later row with the same key upserts onto the earlier one) — on SQLite; PostgreSQL refuses an upsert
 * that meets one key twice, so callers pass each key once.
 *
 * On PostgreSQL every statement costs a round trip through the synchronous bridge (~0.8 ms), which row by
 * row would dwarf the work: there the rows go in chunks as large as the parameter limit allows and the rest
 * in one statement of its exact size (the latest few sizes kept).
 *
 * `sql` gets the VALUES list; `params` holds the rows' values one row after the other. Returns what the
 * statements return (RETURNING), in no particular order.
 */
export function manyRows(db: Database.Database, sql: (values: string) => string, columns: number, perStatement = 64): (params: unknown[]) => unknown[] {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const rows = (n: number) => Array.from({ length: n }, () => row).join(', ');
  const pg = dialectOf(db) === 'pg';
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
  const returned: unknown[] = [];
  const run = (stmt: Database.Statement, values: unknown[]) => {
    if (stmt.reader) returned.push(...stmt.all(values));
    else stmt.run(values);
  };
  return (params) => {
    returned.length = 0;
    let i = 0;
    for (; i + chunk <= params.length; i += chunk) run(many, params.slice(i, i + chunk));
    if (pg && i < params.length) run(sized((params.length - i) / columns), params.slice(i));
    else for (; i < params.length; i += columns) run(one, params.slice(i, i + columns));
    return returned.splice(0);
  };
}
