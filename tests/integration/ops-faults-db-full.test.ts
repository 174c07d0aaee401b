import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { startTestServer } from '../support/server.ts';
import { createPerson, newViewId, pickKeys, track } from '../support/tracking.ts';

// A full disk, produced with SQLite's own size limit (DATABASE_MAX_SIZE_MB → max_page_count) on a file of
// its own: SQLite-only (PostgreSQL has no per-database size limit to set), so the integration-pg project
// leaves this file out (vitest.config.ts). The other database faults run on both: ops-faults-db.test.ts.
const keys = pickKeys();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-ops-'));
  dirs.push(dir);
  return join(dir, 'jisou.sqlite');
}

describe('database faults', () => {
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
