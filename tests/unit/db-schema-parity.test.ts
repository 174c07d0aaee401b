import { describe, expect, it } from 'vitest';
import { bigint, boolean, pgTable, text } from 'drizzle-orm/pg-core';
import * as sqliteSchema from '../../db/schema/index.ts';
import * as pgSchema from '../../db/schema-pg/index.ts';
import { describePgTable, describeSqliteTable, diffTableShapes, tablesOf } from '../../src/lib/server/db/describe-schema.ts';

// db/schema/ (SQLite, what the app runs on) and db/schema-pg/ (PostgreSQL) are two hand-kept copies of one
// schema: this is what keeps them one source of truth.
const sqliteTables = new Map(tablesOf(sqliteSchema).sqlite.map((t) => [describeSqliteTable(t).name, describeSqliteTable(t)]));
const pgTables = new Map(tablesOf(pgSchema).pg.map((t) => [describePgTable(t).name, describePgTable(t)]));

describe('SQLite and PostgreSQL schemas', () => {
  it('have the same tables', () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(30);
  });

  it('have the same columns, types (by the mapping), nullability, defaults, keys, indexes and constraints', () => {
    const diffs = [...sqliteTables.values()].flatMap((s) => diffTableShapes(s, pgTables.get(s.name)!));
    expect(diffs).toEqual([]);
  });

  it('describe what the parity relies on (composite keys, expression indexes, foreign keys, identities)', () => {
    expect(pgTables.get('tracking_daily')!.primaryKey).toEqual(['day', 'account_id', 'user_id', 'content_key']);
    expect(pgTables.get('users')!.indexes.find((i) => i.name === 'users_email_unique')).toEqual({ name: 'users_email_unique', unique: true, on: ['lower("email")'], where: null });
    expect(pgTables.get('accounts')!.foreignKeys).toEqual([{ name: 'accounts_csm_user_id_users_id_fk', columns: ['csm_user_id'], table: 'users', foreignColumns: ['id'], onDelete: 'set null', onUpdate: 'no action' }]);
    expect(pgTables.get('tracking_events')!.columns.find((c) => c.name === 'id')).toMatchObject({ kind: 'int', sqlType: 'bigint', generated: true });
    expect(pgTables.get('tracking_views')!.columns.find((c) => c.name === 'completed')).toMatchObject({ kind: 'bool', sqlType: 'boolean', defaultValue: 'false' });
  });

  it('report a drifted table: a type, a nullability, a missing column and a missing index each named', () => {
    const drifted = pgTable('app_meta', { key: text('key').primaryKey(), value: bigint('value', { mode: 'number' }) });
    const diffs = diffTableShapes(sqliteTables.get('app_meta')!, describePgTable(drifted));
    expect(diffs).toEqual([expect.stringContaining('app_meta.value: type text (text) on SQLite but bigint (int)'), expect.stringContaining('app_meta.value: notNull is true on SQLite but false')]);
    const noIndex = pgTable('search_gaps', { day: text('day').notNull(), query: text('query').notNull(), tier: text('tier').notNull(), count: boolean('count').notNull() });
    const more = diffTableShapes(sqliteTables.get('search_gaps')!, describePgTable(noIndex));
    expect(more.join('\n')).toMatch(/search_gaps\.count: type integer \(int\) on SQLite but boolean/);
    expect(more.join('\n')).toMatch(/search_gaps\.count: defaultValue is "1"/);
    expect(more.join('\n')).toMatch(/search_gaps: primary key \(day,query,tier\) on SQLite but \(\)/);
    expect(more.join('\n')).toMatch(/search_gaps: indexes differ/);
    const missing = diffTableShapes(sqliteTables.get('app_meta')!, describePgTable(pgTable('app_meta', { key: text('key').primaryKey() })));
    expect(missing).toEqual(['app_meta.value: missing in the PostgreSQL schema']);
  });
});
