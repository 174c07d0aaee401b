import type Database from 'better-sqlite3';

/**
 * An INSERT (or upsert) run for many rows at once: `perStatement` rows per statement, what is left row by
 * row. One statement per row would add a statement's overhead (a native call, parameter binding, a VM
 * start) to every row of a batch of thousands. Rows are written in order, as separate statements would
 * (a later row with the same key upserts onto the earlier one).
 *
 * `sql` gets the VALUES list; `params` holds the rows' values one row after the other. Returns what the
 * statements return (RETURNING), in no particular order.
 */
export function manyRows(db: Database.Database, sql: (values: string) => string, columns: number, perStatement = 64): (params: unknown[]) => unknown[] {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const many = db.prepare(sql(Array.from({ length: perStatement }, () => row).join(', ')));
  const one = db.prepare(sql(row));
  const chunk = perStatement * columns;
  const returned: unknown[] = [];
  const run = (stmt: Database.Statement, values: unknown[]) => {
    if (stmt.reader) returned.push(...stmt.all(values));
    else stmt.run(values);
  };
  return (params) => {
    returned.length = 0;
    let i = 0;
    for (; i + chunk <= params.length; i += chunk) run(many, params.slice(i, i + chunk));
    for (; i < params.length; i += columns) run(one, params.slice(i, i + columns));
    return returned.splice(0);
  };
}
