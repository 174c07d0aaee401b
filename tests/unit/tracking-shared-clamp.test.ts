// Two ingests (two app instances) on one database file, each with its own connection and in-memory
// cursors: the writer's shared clamp (reclamp-batch.ts) and the shared budgets (budget-sync.ts) must give
// the figures one instance gives, however one person's beats are spread over the two.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { ContentIndex } from '../../src/lib/server/tracking/content-index.ts';
import { createIngest, type Ingest } from '../../src/lib/server/tracking/ingest.ts';
import { createInlineSink } from '../../src/lib/server/tracking/writer.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const index: ContentIndex = new Map([
  ['guide', { type: 'manual', level: 1, audience: 'customers', refs: [] }],
  ['other', { type: 'article', level: 2, audience: 'customers', refs: [] }],
]);
const alice = { userId: 'alice', role: 'customer' as const, accountId: 'acme' };
const opts = { timeZone: 'Asia/Tokyo', engagedMs: 30_000, engagedVideoPercent: 50, index };
const t0 = Date.UTC(2026, 10, 22, 3, 0);

let dir: string;
const open: { db: Database.Database; ingest: Ingest }[] = [];

function instance(extra: Partial<Parameters<typeof createIngest>[0]> = {}): Ingest {
  const db = openDatabase(join(dir, 'db.sqlite'), ROOT).$client;
  const ingest = createIngest({ db, sink: createInlineSink(db, opts), index, flushMs: 60_000, batchRows: 100_000, bufferMax: 1000, retentionDays: 30, log: () => {}, ...extra });
  open.push({ db, ingest });
  return ingest;
}
const read = <T>(sql: string) => open[0]!.db.prepare(sql).get() as T;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-shared-clamp-'));
});
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.ingest.close();
    o.db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** One reader's session: a view, then a 15-s beat every 15 s for two minutes, in two tabs at once. */
async function readTwoTabs(pick: (n: number) => Ingest): Promise<void> {
  let n = 0;
  for (const view of ['tab000000001', 'tab000000002']) await send(pick(n++), { v: 1, view, key: view.endsWith('1') ? 'guide' : 'other', events: [{ t: 'view' }] }, t0);
  for (let s = 15; s <= 120; s += 15) {
    for (const view of ['tab000000001', 'tab000000002']) await send(pick(n++), { v: 1, view, key: view.endsWith('1') ? 'guide' : 'other', events: [{ t: 'beat', ms: 15_000, depth: 50 }] }, t0 + s * 1000);
  }
}
async function send(ingest: Ingest, p: Parameters<Ingest['accept']>[0], at: number) {
  expect(ingest.accept(p, alice, at).status).toBe(204);
  // Each instance writes its batch before the next beat, as with beats 15 s apart and 1-s flushes.
  expect(await ingest.flush()).toBe(true);
}

describe('shared clamp across instances', () => {
  it('credits one person the same wall-clock time whether one instance or two alternating ones take the beats', async () => {
    const single = instance();
    await readTwoTabs(() => single);
    const one = read<{ ms: number; views: number }>(`SELECT sum(active_ms) AS ms, sum(views) AS views FROM tracking_daily`);
    // Two parallel tabs for 120 s earn 120 s, not 240 s.
    expect(one).toEqual({ ms: 120_000, views: 2 });
    for (const o of open.splice(0)) (await o.ingest.close(), o.db.close());
    rmSync(join(dir, 'db.sqlite'));

    const a = instance();
    const b = instance();
    // Every tab's beats alternate between the instances, and the two tabs are on different ones at each turn.
    await readTwoTabs((n) => ((n + Math.floor(n / 2)) % 2 === 0 ? a : b));
    expect(read(`SELECT sum(active_ms) AS ms, sum(views) AS views FROM tracking_daily`)).toEqual(one);
    expect(read(`SELECT sum(credit_ms) AS ms FROM tracking_events`)).toEqual({ ms: 120_000 });
  });

  it('counts a view and a completion once when both instances think they are first', async () => {
    const a = instance();
    const b = instance();
    // Neither has seen the other's write yet: both take the page-view id as new and the end as first.
    expect(a.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'view' }, { t: 'beat', ms: 1000 }] }, alice, t0).status).toBe(204);
    expect(b.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'view' }, { t: 'beat', ms: 1000 }] }, alice, t0 + 1000).status).toBe(204);
    expect(a.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'beat', ms: 20_000, end: true }] }, alice, t0 + 20_000).status).toBe(204);
    expect(b.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'beat', ms: 20_000, end: true }] }, alice, t0 + 21_000).status).toBe(204);
    expect(await a.flush()).toBe(true);
    expect(await b.flush()).toBe(true);
    expect(read(`SELECT views, completions, active_ms AS ms FROM tracking_daily`)).toEqual({ views: 1, completions: 1, ms: 21_000 });
  });

  it('shares a person\u2019s tracking budget between instances', async () => {
    // 40 rows a minute in bursts of one full request (53 rows): A spends the whole burst, one beat a row.
    const a = instance({ personRowsPerMinute: 40 });
    const b = instance({ personRowsPerMinute: 40 });
    const beat = (view: string) => ({ v: 1 as const, view, key: 'guide', events: [{ t: 'beat' as const, ms: 1000 }] });
    let accepted = 0;
    for (let i = 0; i < 60; i++) if (a.accept(beat(`view000000${String(i % 10).padStart(2, '0')}`), alice, t0).status === 204) accepted++;
    expect(accepted).toBe(53);
    expect(await a.flush()).toBe(true);
    // B learns a client's level with its first batch that carries the client: until then (one flush
    // interval at most) it lets that client's requests through.
    expect(b.accept(beat('viewb0000001'), alice, t0).status).toBe(204);
    expect(await b.flush()).toBe(true);
    const refused = b.accept(beat('viewb0000002'), alice, t0 + 10);
    expect(refused.status).toBe(429);
    // A alone would have refused the same: the burst is spent once, whichever instance spent it.
    expect(a.accept(beat('viewa0000003'), alice, t0 + 10).status).toBe(429);
  });
});
