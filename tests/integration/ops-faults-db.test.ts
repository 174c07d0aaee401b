import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { ROOT, startTestServer } from '../support/server.ts';
import { createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';

// kill -9 under load (integrity_check ok, at most the last second of beats lost) is covered by
// tests/integration/tracking-faults.test.ts; these are the other database faults of issue 8.
const keys = pickKeys();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-ops-'));
  dirs.push(dir);
  return join(dir, 'jisou.sqlite');
}

const health = async (baseUrl: string) => (await fetch(`${baseUrl}/healthz`)).json();

/**
 * Another process takes SQLite's write lock (BEGIN IMMEDIATE) and holds it for `ms`. Resolves once the lock
 * is held, with a promise for its release: wrapped in an object, because an async function that returns a
 * bare promise is awaited through to the release (the test then ran after the lock was gone).
 */
async function holdWriteLock(databasePath: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script, databasePath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { released: new Promise((resolve) => child.once('exit', () => resolve())) };
}

describe('database faults', () => {
  it('while another process holds the write lock for 2 s: no 5xx on ingest or pages, and the buffer drains after', async () => {
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
      expect(statuses.track!.length).toBeGreaterThan(5);
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

  it('when the database is full (SQLITE_FULL through DATABASE_MAX_SIZE_MB): the process survives, drops are counted in /healthz, ingest answers 503 with Retry-After', async () => {
    // Running as root makes a read-only chmod ineffective and a tmpfs needs mount rights, so the size
    // limit produces the real SQLite error a full disk gives (SQLITE_FULL) on the server's own connections.
    const databasePath = tempDb();
    const db = openDatabase(databasePath);
    const size = (db.$client.pragma('page_count', { simple: true }) as number) * (db.$client.pragma('page_size', { simple: true }) as number);
    db.$client.close();
    const person = createPerson(databasePath);
    const server = await startTestServer({
      DATABASE_PATH: databasePath,
      JISOU_DEMO: 'false',
      DATABASE_MAX_SIZE_MB: String((size + 64 * 1024) / (1024 * 1024)),
      // A request here carries 10 impressions (its 500 repeats count once): room for some requests, flushed in small batches.
      JISOU_TRACK_BUFFER_MAX: '3000',
      JISOU_TRACK_BATCH_ROWS: '200',
      JISOU_TRACK_FLUSH_MS: '100',
      // One person fills the database as fast as it goes: lift the per-person budget (tracking-flood tests it).
      JISOU_TRACK_PERSON_ROWS_PER_MINUTE: '0',
    });
    try {
      const visible = [...keys.index].filter(([, i]) => i.audience === 'public' || i.audience === 'customers').map(([k]) => k).slice(0, 10);
      // Fill the database until writes fail with SQLITE_FULL and the buffer is full. (A 503 can also come
      // earlier, when the posting outpaces the writer for a moment: keep going until the database is full.)
      let refused: Response | undefined;
      let body: { status: string; problems: string[]; tracking: { dropped: number; lastError: string | null } } | undefined;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const events = Array.from({ length: 50 }, () => ({ t: 'imp', keys: visible }));
        const res = await track(server.baseUrl, { v: 1, view: newViewId(), events }, { cookie: person.cookie });
        await res.arrayBuffer();
        expect([204, 503]).toContain(res.status);
        if (res.status !== 503) continue;
        refused = res;
        const health = await fetch(`${server.baseUrl}/healthz`);
        expect(health.status).toBe(200);
        body = await health.json();
        if (body!.tracking.lastError?.includes('SQLITE_FULL')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(refused?.status).toBe(503);
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body!.tracking.lastError).toMatch(/SQLITE_FULL/);
      expect(body!.status).toBe('degraded');
      expect(body!.tracking.dropped).toBeGreaterThan(0);
      expect(body!.problems.join(' ')).toMatch(/tracking/);
      // Still serving pages.
      const page = await fetch(`${server.baseUrl}/manuals`);
      expect(page.status).toBe(200);
      expect(server.process.exitCode).toBeNull();
      expect(server.output()).toMatch(/SQLITE_FULL/);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
