// One dialect-neutral description of a drizzle table, read through drizzle's own table config (getTableConfig
// of sqlite-core and pg-core): what the schema-parity test compares, and what `npm run db:copy` copies by.
import { Column, getTableName, is, SQL, StringChunk } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** Column types in neutral words; `int` is 64-bit on both sides (SQLite integer, PostgreSQL bigint). */
export type ColumnKind = 'int' | 'bool' | 'real' | 'text';

export interface ColumnShape {
  name: string;
  kind: ColumnKind;
  /** The dialect's own SQL type, for messages. */
  sqlType: string;
  notNull: boolean;
  /** Generated key (SQLite AUTOINCREMENT, PostgreSQL identity). */
  generated: boolean;
  /** JSON of the default value, or null without one. */
  defaultValue: string | null;
  enumValues: string[] | null;
  /** Name of a single-column unique constraint, or null. */
  unique: string | null;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: string[];
  indexes: Array<{ name: string; unique: boolean; on: string[]; where: string | null }>;
  uniques: Array<{ name: string; on: string[] }>;
  foreignKeys: Array<{ name: string; columns: string[]; table: string; foreignColumns: string[]; onDelete: string; onUpdate: string }>;
}

/** The explicit type mapping between the dialects: SQLite columnType → [kind, the PostgreSQL columnType it must be]. */
export const DIALECT_TYPE_MAP: Record<string, { kind: ColumnKind; pg: string }> = {
  SQLiteInteger: { kind: 'int', pg: 'PgBigInt53' },
  SQLiteBoolean: { kind: 'bool', pg: 'PgBoolean' },
  SQLiteReal: { kind: 'real', pg: 'PgDoublePrecision' },
  SQLiteText: { kind: 'text', pg: 'PgText' },
};
const PG_KIND = Object.fromEntries(Object.values(DIALECT_TYPE_MAP).map((m) => [m.pg, m.kind])) as Record<string, ColumnKind>;

/** Index expressions as text with bare quoted column names, the same on both dialects (`lower("email")`). */
function renderExpression(part: unknown): string {
  if (is(part, Column)) return `"${part.name}"`;
  if (is(part, SQL)) return part.queryChunks.map(renderExpression).join('');
  if (is(part, StringChunk)) return part.value.join('');
  if (typeof part === 'string') return part;
  return String(part);
}

function names(columns: Array<{ name: string }>): string[] {
  return columns.map((c) => c.name);
}

function defaultOf(column: Column): string | null {
  if (!column.hasDefault || column.default === undefined) return null;
  return is(column.default, SQL) ? renderExpression(column.default) : JSON.stringify(column.default);
}

/** Every table of a drizzle schema module, by name. */
export function tablesOf(schema: Record<string, unknown>): { sqlite: SQLiteTable[]; pg: PgTable[] } {
  const values = Object.values(schema);
  return { sqlite: values.filter((v): v is SQLiteTable => is(v, SQLiteTable)), pg: values.filter((v): v is PgTable => is(v, PgTable)) };
}

export function describeSqliteTable(table: SQLiteTable): TableShape {
  const config = getSqliteTableConfig(table);
  const columns = config.columns.map((c): ColumnShape => {
    const mapped = DIALECT_TYPE_MAP[c.columnType];
    if (!mapped) throw new Error(`${config.name}.${c.name}: SQLite column type ${c.columnType} has no PostgreSQL mapping in DIALECT_TYPE_MAP`);
    return {
      name: c.name,
      kind: mapped.kind,
      sqlType: c.getSQLType(),
      notNull: c.notNull,
      generated: Boolean((c as Column & { autoIncrement?: boolean }).autoIncrement),
      defaultValue: defaultOf(c),
      enumValues: c.enumValues?.length ? [...c.enumValues] : null,
      unique: c.isUnique ? (c.uniqueName ?? null) : null,
    };
  });
  return {
    name: config.name,
    columns,
    primaryKey: config.primaryKeys.length ? names(config.primaryKeys[0]!.columns) : names(config.columns.filter((c) => c.primary)),
    indexes: config.indexes.map((i) => ({ name: i.config.name, unique: i.config.unique, on: i.config.columns.map(renderExpression), where: i.config.where ? renderExpression(i.config.where) : null })),
    uniques: config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', on: names(u.columns) })),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return { name: fk.getName(), columns: names(ref.columns), table: getTableName(ref.foreignTable), foreignColumns: names(ref.foreignColumns), onDelete: fk.onDelete ?? 'no action', onUpdate: fk.onUpdate ?? 'no action' };
    }),
  };
}

export function describePgTable(table: PgTable): TableShape {
  const config = getPgTableConfig(table);
  const columns = config.columns.map((c): ColumnShape => {
    const kind = PG_KIND[c.columnType];
    if (!kind) throw new Error(`${config.name}.${c.name}: PostgreSQL column type ${c.columnType} is not one DIALECT_TYPE_MAP maps to (use bigint mode number, boolean, double precision or text)`);
    const identity = (c as Column & { generatedIdentity?: { type: string } }).generatedIdentity;
    return {
      name: c.name,
      kind,
      sqlType: c.getSQLType(),
      notNull: c.notNull,
      // By default (not always): copied rows keep their ids, as SQLite lets them.
      generated: identity?.type === 'byDefault',
      defaultValue: defaultOf(c),
      enumValues: c.enumValues?.length ? [...c.enumValues] : null,
      unique: c.isUnique ? (c.uniqueName ?? null) : null,
    };
  });
  return {
    name: config.name,
    columns,
    primaryKey: config.primaryKeys.length ? names(config.primaryKeys[0]!.columns) : names(config.columns.filter((c) => c.primary)),
    indexes: config.indexes.map((i) => ({
      name: i.config.name ?? '',
      unique: i.config.unique,
      // pg-core wraps plain columns of an index as IndexedColumn (not a Column): render them the same way.
      on: i.config.columns.map((c) => (is(c, SQL) || is(c, Column) ? renderExpression(c) : `"${(c as { name?: string }).name}"`)),
      where: i.config.where ? renderExpression(i.config.where) : null,
    })),
    uniques: config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', on: names(u.columns) })),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return { name: fk.getName(), columns: names(ref.columns), table: getTableName(ref.foreignTable), foreignColumns: names(ref.foreignColumns), onDelete: fk.onDelete ?? 'no action', onUpdate: fk.onUpdate ?? 'no action' };
    }),
  };
}

/** Every difference between the two descriptions of one table, as sentences naming table and column. */
export function diffTableShapes(sqlite: TableShape, pg: TableShape): string[] {
  const t = sqlite.name;
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const pgCols = new Map(pg.columns.map((c) => [c.name, c]));
  for (const c of sqlite.columns) {
    const p = pgCols.get(c.name);
    if (!p) {
      out.push(`${t}.${c.name}: missing in the PostgreSQL schema`);
      continue;
    }
    if (c.kind !== p.kind) out.push(`${t}.${c.name}: type ${c.sqlType} (${c.kind}) on SQLite but ${p.sqlType} (${p.kind}) on PostgreSQL`);
    for (const field of ['notNull', 'generated', 'defaultValue', 'enumValues', 'unique'] as const) {
      if (!same(c[field], p[field])) out.push(`${t}.${c.name}: ${field} is ${JSON.stringify(c[field])} on SQLite but ${JSON.stringify(p[field])} on PostgreSQL`);
    }
  }
  for (const p of pg.columns) if (!sqlite.columns.some((c) => c.name === p.name)) out.push(`${t}.${p.name}: only in the PostgreSQL schema`);
  if (!same(sqlite.columns.map((c) => c.name), pg.columns.map((c) => c.name)) && !out.length) out.push(`${t}: columns are in a different order`);
  if (!same(sqlite.primaryKey, pg.primaryKey)) out.push(`${t}: primary key (${sqlite.primaryKey}) on SQLite but (${pg.primaryKey}) on PostgreSQL`);
  const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  for (const [what, a, b] of [
    ['indexes', byName(sqlite.indexes), byName(pg.indexes)],
    ['unique constraints', byName(sqlite.uniques), byName(pg.uniques)],
    ['foreign keys', byName(sqlite.foreignKeys), byName(pg.foreignKeys)],
  ] as const) {
    if (!same(a, b)) out.push(`${t}: ${what} differ: SQLite ${JSON.stringify(a)} vs PostgreSQL ${JSON.stringify(b)}`);
  }
  return out;
}
