import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { openPostgres, type PgDb } from '../../db/client-pg.ts';
import { schemaTables } from '../../src/lib/server/db-copy/copy-database.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';

let url: string;
let db: PgDb;
const epochs = async () => Object.fromEntries((await db.$client.query(`SELECT key, value FROM app_meta`)).rows.map((r) => [r.key, Number(r.value)]));
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  url = await createTestDatabase(inject('pgUrl'), 'migrations');
  db = await openPostgres(url, ROOT);
});
afterAll(async () => {
  await db?.$client.end();
});

describe('PostgreSQL migrations on a fresh database', () => {
  it('create every table of the schema, and opening again applies nothing twice', async () => {
    const tables = (await db.$client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name);
    expect(tables).toEqual(schemaTables().map((t) => t.name).sort());
    const again = await openPostgres(url, ROOT);
    const applied = (await again.$client.query(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).rows[0].n;
    await again.$client.end();
    expect(applied).toBe(JSON.parse(readFileSync(join(ROOT, 'db/migrations-pg/meta/_journal.json'), 'utf8')).entries.length);
  });

  it('create exactly what db/schema-pg describes: columns, types, nullability, indexes, unique and foreign keys', async () => {
    const { describePgTable, tablesOf } = await import('../../src/lib/server/db/describe-schema.ts');
    const schemaPg = await import('../../db/schema-pg/index.ts');
    const described = tablesOf(schemaPg).pg.map(describePgTable);
    const columns = (await db.$client.query(`SELECT table_name, column_name, data_type, is_nullable, is_identity FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)).rows;
    const expected = described.flatMap((t) => t.columns.map((c) => ({ table_name: t.name, column_name: c.name, data_type: c.sqlType, is_nullable: c.notNull ? 'NO' : 'YES', is_identity: c.generated ? 'YES' : 'NO' })));
    const byKey = (r: { table_name: string; column_name: string }) => `${r.table_name}.${r.column_name}`;
    expect([...columns].sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([...expected].sort((a, b) => byKey(a).localeCompare(byKey(b))));
    const indexes = (await db.$client.query(`SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT x.indisprimary ORDER BY 1`)).rows.map((r) => r.relname);
    const uniques = described.flatMap((t) => [...t.uniques.map((u) => u.name), ...t.columns.filter((c) => c.unique).map((c) => c.unique!)]);
    expect(indexes).toEqual([...described.flatMap((t) => t.indexes.map((i) => i.name)), ...uniques].sort());
    const fks = (await db.$client.query(`SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY 1`)).rows.map((r) => r.conname);
    expect(fks).toEqual(described.flatMap((t) => t.foreignKeys.map((f) => f.name)).sort());
  });

  it('carry the same epoch triggers as SQLite, by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jisou-trig-'));
    const sqlite = openDatabase(join(dir, 'x.sqlite'), ROOT);
    const sqliteTriggers = (sqlite.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    sqlite.$client.close();
    rmSync(dir, { recursive: true, force: true });
    // Besides those, PostgreSQL has one trigger per identity table that SQLite needs none for (0003_null_id_is_next).
    const pgTriggers = (await db.$client.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname NOT LIKE '%\\_null\\_id' ORDER BY 1`)).rows.map((r) => r.tgname);
    expect(sqliteTriggers.length).toBe(53);
    expect([...pgTriggers].sort()).toEqual([...sqliteTriggers].sort());
  });

  it('bump the epochs as the SQLite triggers do: account state, audience, voice, and closed tracking days only', async () => {
    const before = await epochs();
    expect(before).toMatchObject({ tracking_history_epoch: 0, account_state_epoch: 0, voice_epoch: 0, audience_epoch: 0 });
    await db.$client.query(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES ('a1', 'a1', 'A', 'high', 'starter', '2026-01-01', 1, 1)`);
    await db.$client.query(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES ('u1', 'u@a.example', 'U', 'customer', 'a1', 1, 1)`);
    expect(await epochs()).toMatchObject({ account_state_epoch: 2, audience_epoch: 2 });
    // Only the columns the account evaluation reads bump it (as SQLite's UPDATE OF account_id, role, disabled_at, name).
    await db.$client.query(`UPDATE users SET last_sign_in_at = 5 WHERE id = 'u1'`);
    expect(await epochs()).toMatchObject({ account_state_epoch: 2, audience_epoch: 2 });
    await db.$client.query(`UPDATE users SET name = 'V' WHERE id = 'u1'`);
    expect(await epochs()).toMatchObject({ account_state_epoch: 3, audience_epoch: 3 });
    // What an account does (an answer) is account state, not who the account is.
    await db.$client.query(`INSERT INTO survey_responses (survey_key, round, user_id, account_id, created_at, updated_at) VALUES ('s', 0, 'u1', 'a1', 1, 1)`);
    expect(await epochs()).toMatchObject({ account_state_epoch: 4, voice_epoch: 1, audience_epoch: 3 });
    // Today's rows are live; a row two days back is a closed day that the dashboards cache.
    await db.$client.query(`INSERT INTO tracking_daily (day, account_id, user_id, content_key) VALUES ($1, 'a1', 'u1', 'k')`, [day(0)]);
    expect((await epochs()).tracking_history_epoch).toBe(0);
    await db.$client.query(`INSERT INTO tracking_daily (day, account_id, user_id, content_key) VALUES ($1, 'a1', 'u1', 'k')`, [day(-2)]);
    expect((await epochs()).tracking_history_epoch).toBe(1);
    await db.$client.query(`UPDATE tracking_daily SET views = views + 1 WHERE day = $1`, [day(0)]);
    expect((await epochs()).tracking_history_epoch).toBe(1);
    await db.$client.query(`DELETE FROM tracking_daily WHERE day = $1`, [day(-2)]);
    expect((await epochs()).tracking_history_epoch).toBe(2);
  });

  it('store booleans and epoch-millisecond bigints as numbers drizzle reads back', async () => {
    const { trackingViews } = await import('../../db/schema-pg/index.ts');
    const at = 1_796_000_000_123;
    await db.insert(trackingViews).values({ viewId: 'v', contentKey: 'k', userId: 'u1', accountId: 'a1', startedAt: at, creditedUntil: at, videoUntil: at, lastAt: at, completed: true });
    const [row] = await db.select().from(trackingViews);
    expect(row).toMatchObject({ startedAt: at, completed: true, activeMs: 0 });
  });
});
