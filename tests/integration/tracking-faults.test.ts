import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPostgresUrl } from '../../db/postgres-url.ts';
import { testPgCluster, startTestServer, type TestServer } from '../support/server.ts';
import { createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';

const keys = pickKeys();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Keep `workers` loops posting one new page view each until the server goes away; returns view id → time of its 204. */
function load(server: TestServer, cookie: string, workers = 8) {
  const accepted = new Map<string, number>();
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const view = newViewId();
      try {
        const res = await track(server.baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie });
        if (res.status === 204) accepted.set(view, Date.now());
        else await res.arrayBuffer();
      } catch {
        return; // the server is gone
      }
    }
  });
  return { accepted, stop: async () => ((running = false), await Promise.all(loops)), done: Promise.all(loops) };
}

// The load comes from one person as fast as it goes: lift the per-person budget (tracking-flood tests it).
const LIMITS = { JISOU_TRACK_PERSON_ROWS_PER_MINUTE: '0' };

/** A server on a database of its own: a new file, or on the PostgreSQL run a new database of the cluster. */
async function serverWithDb() {
  if (testPgCluster()) {
    const server = await startTestServer(LIMITS);
    return { databasePath: server.databasePath, server };
  }
  const dir = mkdtempSync(join(tmpdir(), 'jisou-faults-'));
  dirs.push(dir);
  const databasePath = join(dir, 'jisou.sqlite');
  return { databasePath, server: await startTestServer({ DATABASE_PATH: databasePath, ...LIMITS }) };
}

/** The same database again after a crash (PostgreSQL recovers by itself; SQLite's file is checked whole). */
const restartOn = (databasePath: string) => startTestServer({ ...(isPostgresUrl(databasePath) ? { DATABASE_URL: databasePath } : { DATABASE_PATH: databasePath }), ...LIMITS });
function expectSound(databasePath: string): void {
  if (isPostgresUrl(databasePath)) expect(query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM tracking_events').length).toBe(1);
  else expect(query<{ integrity_check: string }>(databasePath, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
}

const storedViews = (db: string) => new Set(query<{ view_id: string }>(db, 'SELECT view_id FROM tracking_events').map((r) => r.view_id));

describe('tracking under faults', () => {
  it('kill -9 under load loses at most the last second of accepted beats and leaves a sound database', async () => {
    const { databasePath, server } = await serverWithDb();
    const person = createPerson(databasePath);
    const traffic = load(server, person.cookie);
    await new Promise((r) => setTimeout(r, 3000));
    const killedAt = Date.now();
    server.process.kill('SIGKILL');
    await traffic.done;
    await server.stop();
    expect(traffic.accepted.size).toBeGreaterThan(50);

    const again = await restartOn(databasePath);
    try {
      expectSound(databasePath);
      const stored = storedViews(databasePath);
      // Everything accepted more than a second before the kill is there (batches go out every 500 ms).
      const old = [...traffic.accepted].filter(([, at]) => at < killedAt - 1000);
      expect(old.length).toBeGreaterThan(20);
      const missing = old.filter(([view]) => !stored.has(view)).map(([, at]) => killedAt - at);
      expect(missing).toEqual([]);
    } finally {
      await again.stop();
    }
  }, 90_000);

  it('SIGTERM under load loses nothing that was accepted', async () => {
    const { databasePath, server } = await serverWithDb();
    const person = createPerson(databasePath);
    const traffic = load(server, person.cookie);
    await new Promise((r) => setTimeout(r, 1500));
    await server.stop('SIGTERM');
    await traffic.stop();
    expect(server.process.exitCode).toBe(0);
    expect(traffic.accepted.size).toBeGreaterThan(20);
    const stored = storedViews(databasePath);
    expect([...traffic.accepted.keys()].filter((view) => !stored.has(view))).toEqual([]);
    expectSound(databasePath);
  }, 60_000);
});
