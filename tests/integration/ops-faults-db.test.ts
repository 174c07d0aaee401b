import { spawn } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ROOT, startTestServer } from '../support/server.ts';
import { isPostgresUrl } from '../support/test-database.ts';
import { createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';

// kill -9 under load (integrity_check ok, at most the last second of beats lost) is covered by
// tests/integration/tracking-faults.test.ts; a full database (SQLITE_FULL) by ops-faults-db-full.test.ts;
// these are the other database faults of issue 8, on both backends.
const keys = pickKeys();

const health = async (baseUrl: string) => (await fetch(`${baseUrl}/healthz`)).json();

/**
 * Another connection takes the write lock and holds it for `ms`: on SQLite another process with BEGIN
 * IMMEDIATE; on PostgreSQL (no database-wide write lock) a transaction holding every table IN EXCLUSIVE MODE,
 * which lets reads through and makes every write wait, as SQLite's lock does. Resolves once the lock is held,
 * with a promise for its release: wrapped in an object, because an async function that returns a bare promise
 * is awaited through to the release (the test then ran after the lock was gone).
 */
async function holdWriteLock(location: string, ms: number): Promise<{ released: Promise<void> }> {
  if (isPostgresUrl(location)) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    const tables = (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows;
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${tables.map((t) => `"${t.name}"`).join(', ')} IN EXCLUSIVE MODE`);
    return { released: new Promise((resolve) => setTimeout(() => void client.query('COMMIT').then(() => client.end()).then(() => resolve()), ms)) };
  }
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script, location], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { released: new Promise((resolve) => child.once('exit', () => resolve())) };
}

describe('database faults', () => {
  it('while another connection holds the write lock for 2 s: no 5xx on ingest or pages, and the buffer drains after', async () => {
    const server = await startTestServer({ JISOU_DEMO: 'false' });
    try {
      const person = createPerson(server.databasePath);
      const { released } = await holdWriteLock(server.databasePath, 2000);
      const lockedUntil = Date.now() + 1900;
      const statuses: Record<string, number[]> = { track: [], pages: [] };
      const accepted: string[] = [];
      // Beats and page views side by side while the lock is held (a signed-in page may wait for the lock).
      const beats = (async () => {
        while (Date.now() < lockedUntil) {
          const view = newViewId();
          const t = await track(server.baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }, { t: 'beat', ms: 1000 }] }, { cookie: person.cookie });
          statuses.track!.push(t.status);
          if (t.status === 204) accepted.push(view);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const pages = (async () => {
        while (Date.now() < lockedUntil) {
          for (const path of ['/', '/manuals', '/profile']) {
            const r = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: person.cookie }, redirect: 'manual' });
            await r.arrayBuffer();
            statuses.pages!.push(r.status);
          }
        }
      })();
      await Promise.all([beats, pages]);
      const during = await health(server.baseUrl);
      await released;
      // The loops ran while the lock was held (a loaded machine answers fewer in 1.9 s; any number shows it).
      expect(statuses.track!.length).toBeGreaterThan(1);
      expect(statuses.track!.every((s) => s === 204)).toBe(true);
      expect(statuses.pages!.every((s) => s < 500)).toBe(true);
      // The ingest noticed (its writes failed and were kept) …
      expect(during.tracking.flushFailures + during.tracking.buffered).toBeGreaterThan(0);
      // … and after the lock is gone everything drains and lands in the database.
      let after = during;
      for (let i = 0; i < 50 && !(after.tracking.buffered === 0 && after.tracking.lastError === null); i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await health(server.baseUrl);
      }
      expect(after).toMatchObject({ status: 'ok', tracking: { buffered: 0, dropped: 0, lastError: null } });
      const stored = new Set(query<{ view_id: string }>(server.databasePath, 'SELECT DISTINCT view_id FROM tracking_events').map((r) => r.view_id));
      expect(accepted.filter((v) => !stored.has(v))).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
