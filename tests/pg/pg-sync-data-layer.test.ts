import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/client.ts';
import { accounts, auditLog } from '../../db/schema/index.ts';
import { toPgPlaceholders } from '../../db/pg-sync/placeholders.ts';
import { isBusyError } from '../../src/lib/server/db/busy.ts';
import { dialectOf } from '../../src/lib/server/db/dialect.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';

// The synchronous data layer on PostgreSQL (db/pg-sync/): what the app's code relies on from better-sqlite3.
let url: string;
let a: Db;
let b: Db;
const account = (id: string): typeof accounts.$inferInsert => ({ id, slug: id, name: `Account ${id}`, segment: 'high', plan: 'enterprise', contractStart: '2026-01-01', csmUserId: null, autoAssignByDomain: false, disabledAt: null, createdAt: 1, updatedAt: 1 });

beforeAll(async () => {
  url = await createTestDatabase(inject('pgUrl'), 'sync');
  a = openDatabase(url, ROOT);
  b = openDatabase(url, ROOT, { busyTimeoutMs: 200 });
});
afterAll(() => {
  a?.$client.close();
  b?.$client.close();
});

describe('the synchronous PostgreSQL data layer', () => {
  it('runs drizzle builder queries synchronously, with booleans, upserts and RETURNING as on SQLite', () => {
    expect(dialectOf(a)).toBe('pg');
    a.insert(accounts).values(account('acct-1')).run();
    a.insert(accounts).values(account('acct-1')).onConflictDoUpdate({ target: accounts.id, set: { name: 'Renamed', autoAssignByDomain: true } }).run();
    const row = a.select().from(accounts).where(eq(accounts.id, 'acct-1')).get();
    expect(row).toMatchObject({ name: 'Renamed', autoAssignByDomain: true, createdAt: 1 });
    // An identity key left out (NULL in the builder's SQL) takes the next value, as SQLite's rowid does.
    const ids = [1, 2].map(() => a.insert(auditLog).values({ at: 5, actorUserId: null, via: 'cli', action: 'x', targetType: 't', targetId: 'i', detail: '{}' }).returning({ id: auditLog.id }).get()!.id);
    expect(ids[1]).toBe(ids[0]! + 1);
  });

  it('hands back hand-written SQL rows with their aliases as written, positional and named parameters alike', () => {
    const rows = a.$client.prepare(`SELECT id AS accountId, name FROM accounts WHERE id = ? OR slug = @slug ORDER BY accountId`).all('acct-1', { slug: 'none' });
    expect(rows).toEqual([{ accountId: 'acct-1', name: 'Renamed' }]);
    expect(a.$client.prepare('SELECT count(*) AS n FROM accounts').pluck().get()).toBe(1);
    expect(toPgPlaceholders(`SELECT 'it''s ?' AS "x?", a::int FROM t WHERE b = ? -- ?`).text).toBe(`SELECT 'it''s ?' AS "x?", a::int FROM t WHERE b = $1 -- ?`);
  });

  it('rolls a failed transaction back whole, and a nested one to its savepoint', () => {
    expect(() =>
      a.transaction((tx) => {
        tx.insert(accounts).values(account('acct-2')).run();
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    a.transaction((tx) => {
      tx.insert(accounts).values(account('acct-3')).run();
      expect(() =>
        tx.transaction((inner) => {
          inner.insert(accounts).values(account('acct-4')).run();
          throw new Error('inner only');
        }),
      ).toThrow('inner only');
    });
    expect(a.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.id)).all().map((r) => r.id)).toEqual(['acct-1', 'acct-3']);
  });

  it('makes an IMMEDIATE transaction wait for another connection’s, as SQLite’s write lock does, and reports the wait as busy', () => {
    const write = a.$client.transaction(() => {
      a.$client.prepare(`UPDATE accounts SET name = 'held' WHERE id = 'acct-1'`).run();
      // b waits 200 ms for the lock a holds (this thread is a's too, so b can only give up): busy, nothing written.
      let error: unknown;
      try {
        b.$client.transaction(() => b.$client.prepare(`UPDATE accounts SET name = 'b' WHERE id = 'acct-3'`).run()).immediate();
      } catch (e) {
        error = e;
      }
      expect(isBusyError(error)).toBe(true);
    });
    write.immediate();
    expect(b.select({ id: accounts.id, name: accounts.name }).from(accounts).orderBy(asc(accounts.id)).all()).toEqual([
      { id: 'acct-1', name: 'held' },
      { id: 'acct-3', name: 'Account acct-3' },
    ]);
  });

  it('reads a big iterate() in pages through a cursor, in a transaction of its own or the caller’s, and leaves nothing open', () => {
    const series = `SELECT g AS n, 'row ' || g AS label FROM generate_series(1, ?) AS g ORDER BY g`;
    // What a's connection is doing, as another connection sees it.
    const pid = a.$client.prepare('SELECT pg_backend_pid()').pluck().get();
    const watch = () => b.$client.prepare(`SELECT state, query FROM pg_stat_activity WHERE pid = ?`).get(pid) as { state: string; query: string };
    let n = 0;
    let midway: { state: string; query: string } | undefined;
    for (const row of a.$client.prepare(series).raw(true).iterate(25_001) as Iterable<[number, string]>) {
      n += 1;
      expect(row).toEqual([n, `row ${n}`]);
      // Halfway, the rows come from a cursor's page in an open read, not from one answer held whole.
      if (n === 15_000) midway = watch();
      // better-sqlite3 refuses another statement while it iterates; so does this connection.
      if (n === 1) expect(() => a.$client.prepare('SELECT 1').get()).toThrow('busy executing a query');
    }
    expect(n).toBe(25_001);
    expect(midway).toMatchObject({ state: 'idle in transaction', query: expect.stringMatching(/^FETCH 10000 FROM jisou_cursor_/) });
    expect(watch().state).toBe('idle');
    // Plucked, and left early: the cursor's own transaction ends with the loop.
    const firsts: number[] = [];
    for (const v of a.$client.prepare(series).pluck().iterate(30_000) as Iterable<number>) {
      firsts.push(v);
      if (firsts.length === 3) break;
    }
    expect(firsts).toEqual([1, 2, 3]);
    expect(watch().state).toBe('idle');
    // Inside the caller's transaction the cursor sees its uncommitted rows and is closed, not committed.
    expect(() =>
      a.transaction((tx) => {
        tx.insert(accounts).values(account('acct-iter')).run();
        const ids = [...(a.$client.prepare(`SELECT id FROM accounts WHERE id = ?`).pluck().iterate('acct-iter') as Iterable<string>)];
        expect(ids).toEqual(['acct-iter']);
        expect(a.$client.prepare(`SELECT count(*) FROM pg_cursors`).pluck().get()).toBe(0);
        throw new Error('roll it back');
      }),
    ).toThrow('roll it back');
    expect(a.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, 'acct-iter')).all()).toEqual([]);
  });
});
