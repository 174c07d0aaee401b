// The tracking write path on PostgreSQL gives exactly what it gives on SQLite: the same requests, at the
// same instants, through the same ingest and batch writer into a fresh database of each kind, leave the same
// rows in every table the writer touches (raw events, rollups, cursors, progress, awareness, reach, budgets).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { TrackPayload } from '../../src/schemas/tracking.ts';
import type { ContentIndex } from '../../src/lib/server/tracking/content-index.ts';
import { createIngest, type AcceptResult, type Ingest } from '../../src/lib/server/tracking/ingest.ts';
import { pruneTrackingEvents } from '../../src/lib/server/tracking/retention.ts';
import { createInlineSink } from '../../src/lib/server/tracking/writer.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';
import { prng } from '../../scripts/lib/activity-simulator.ts';

const index: ContentIndex = new Map([
  ['guide', { type: 'manual', level: 1, audience: 'customers', refs: [] }],
  ['howto', { type: 'article', level: 2, audience: 'customers', refs: [] }],
  ['talk', { type: 'webinar', level: 2, audience: 'customers', refs: [], durationSeconds: 120 }],
  ['talk2', { type: 'webinar', level: 3, audience: 'customers', refs: [], durationSeconds: 60 }],
  ['news', { type: 'announcement', level: 4, audience: 'customers', refs: ['talk', 'guide'] }],
  ['open', { type: 'article', level: 2, audience: 'public', refs: [] }],
]);
const opts = { timeZone: 'Asia/Tokyo', engagedMs: 30_000, engagedVideoPercent: 50, index };
/** Tables the batch writer and the retention write, with an order that makes their rows comparable. */
const TABLES: Record<string, string> = {
  tracking_events: 'id',
  tracking_daily: 'day, account_id, user_id, content_key',
  tracking_views: 'view_id',
  tracking_progress: 'user_id, content_key',
  tracking_account_awareness: 'account_id, content_key',
  tracking_announcement_reach: 'announcement_key, user_id',
  tracking_person_clocks: 'user_id',
  tracking_client_budgets: 'key',
};
// 23:57 in Tokyo: the scenario (about five minutes) crosses midnight, so rows fall on two reporting days.
const T0 = Date.UTC(2026, 10, 22, 14, 57);


type Step = { at: number; payload: TrackPayload; viewer: { userId: string; role: 'customer'; accountId: string } | null; address: string } | { flushAt: number };

/**
 * Six rounds of requests from 24 people in 4 accounts (one moves to another account half-way), anonymous
 * visitors, two tabs per person at times, videos with ranges and seeks, impressions of an announcement,
 * page ends, and a tight person budget that refuses some requests; a flush after every round.
 */
function scenario(): Step[] {
  const rnd = prng(19);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const steps: Step[] = [];
  const keys = [...index.keys()];
  const views = new Map<string, { key: string; person: number; pos: number }>();
  let at = T0;
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 120; i++) {
      at += Math.floor(rnd() * 900);
      // Person 0 sends far more than the rest: their budget refuses some of it.
      const person = rnd() < 0.3 ? 0 : Math.floor(rnd() * 26);
      const anonymous = person >= 24;
      const account = person === 3 && round >= 3 ? 'acct-moved' : `acct-${person % 4}`;
      const viewer = anonymous ? null : { userId: `person-${person}`, role: 'customer' as const, accountId: account };
      const tab = `v${String(person).padStart(3, '0')}${round < 3 ? 'a' : 'b'}${Math.floor(rnd() * 2)}xxxxx`;
      let view = views.get(tab);
      if (!view) views.set(tab, (view = { key: anonymous ? 'open' : pick(keys), person, pos: 0 }));
      const events: TrackPayload['events'] = [];
      const r = rnd();
      if (r < 0.15) events.push({ t: 'imp', keys: ['news', pick(keys), 'open'] });
      if (r < 0.3) events.push({ t: 'view' });
      const video = index.get(view.key)!.type === 'webinar';
      if (video) {
        const from = view.pos;
        view.pos = rnd() < 0.1 ? Math.floor(rnd() * 50) : Math.min(130, from + Math.floor(rnd() * 25));
        events.push({ t: 'video', ms: Math.floor(rnd() * 25_000), pos: view.pos, dur: 120, ranges: view.pos > from ? [[from, view.pos]] : [] });
      } else events.push({ t: 'beat', ms: Math.floor(rnd() * 20_000), depth: Math.floor(rnd() * 100), end: rnd() < 0.1 });
      steps.push({ at, payload: { v: 1, view: tab, key: view.key, events }, viewer, address: `10.0.0.${person}` });
    }
    at += 1000;
    steps.push({ flushAt: at });
  }
  return steps;
}

let dir: string;
let pgUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-track-parity-'));
  pgUrl = await createTestDatabase(inject('pgUrl'), 'tracking');
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Play the scenario into one database; returns every answer and every row of the writer's tables. */
async function play(location: string): Promise<{ answers: AcceptResult['status'][]; tables: Record<string, unknown[]> }> {
  let clock = T0;
  const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
  const db = openDatabase(location, ROOT).$client;
  let ingest: Ingest | undefined;
  try {
    ingest = createIngest({ db, sink: createInlineSink(db, opts), index, flushMs: 600_000, batchRows: 100_000, bufferMax: 100_000, retentionDays: 30, personRowsPerMinute: 20, visitorRowsPerMinute: 60, log: () => {} });
    const answers: AcceptResult['status'][] = [];
    for (const step of scenario()) {
      if ('flushAt' in step) {
        clock = step.flushAt;
        expect(await ingest.flush()).toBe(true);
      } else {
        clock = step.at;
        answers.push(ingest.accept(step.payload, step.viewer, step.at, step.address).status);
      }
    }
    const snapshot = (suffix: string) => {
      for (const [table, order] of Object.entries(TABLES)) tables[table + suffix] = (db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all() as Record<string, unknown>[]).map(normalize);
    };
    const tables: Record<string, unknown[]> = {};
    snapshot('');
    // Retention two days on: nothing raw is old enough, but person clocks and full budgets go.
    clock += 2 * 86_400_000;
    pruneTrackingEvents(db, 30, clock);
    snapshot(' after retention');
    return { answers, tables };
  } finally {
    await ingest?.close();
    db.close();
    now.mockRestore();
  }
}

/** PostgreSQL's booleans are SQLite's 1/0. */
const normalize = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]));

describe('tracking batch writer on PostgreSQL', () => {
  it('leaves the same rows as on SQLite in every table it writes, request for request', async () => {
    const sqlite = await play(join(dir, 'parity.sqlite'));
    const pg = await play(pgUrl);
    // The scenario exercises what it should: refusals, several days, videos completed, engagement, reach.
    expect(sqlite.answers.filter((s) => s === 429).length).toBeGreaterThan(10);
    expect(sqlite.answers.filter((s) => s === 204).length).toBeGreaterThan(300);
    expect(new Set(sqlite.tables.tracking_daily!.map((r) => (r as { day: string }).day)).size).toBe(2);
    const progress = sqlite.tables.tracking_progress as { completed_at: number | null; first_engaged_at: number | null; covered_seconds: number; account_id: string }[];
    expect(progress.filter((p) => p.completed_at !== null).length).toBeGreaterThan(0);
    expect(progress.filter((p) => p.first_engaged_at !== null).length).toBeGreaterThan(0);
    expect(progress.filter((p) => p.covered_seconds > 0).length).toBeGreaterThan(0);
    expect(progress.some((p) => p.account_id === 'acct-moved')).toBe(true);
    expect(sqlite.tables.tracking_announcement_reach!.length).toBeGreaterThan(0);
    expect(sqlite.tables.tracking_account_awareness!.length).toBeGreaterThan(0);
    expect(sqlite.tables.tracking_client_budgets!.length).toBeGreaterThan(0);

    expect(pg.answers).toEqual(sqlite.answers);
    expect(sqlite.tables['tracking_person_clocks after retention']).toEqual([]);
    for (const table of Object.keys(sqlite.tables)) expect({ table, rows: pg.tables[table] }).toEqual({ table, rows: sqlite.tables[table] });
  });

  it('writes a batch in one transaction: a batch the database refuses leaves nothing behind and is written whole on retry', async () => {
    const url = await createTestDatabase(inject('pgUrl'), 'tracking_tx');
    const db = openDatabase(url, ROOT).$client;
    const alice = { userId: 'alice', role: 'customer' as const, accountId: 'acme' };
    const ingest = createIngest({ db, sink: createInlineSink(db, opts), index, flushMs: 600_000, batchRows: 100_000, bufferMax: 1000, retentionDays: 30, log: () => {} });
    try {
      expect(ingest.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'view' }] }, alice, T0).status).toBe(204);
      expect(ingest.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'beat', ms: 10_000 }] }, alice, T0 + 10_000).status).toBe(204);
      // The last table the batch writes refuses rows: everything before it in the batch must be rolled back.
      db.exec(`ALTER TABLE tracking_daily ADD CONSTRAINT refuse_all CHECK (views < 0) NOT VALID`);
      expect(await ingest.flush()).toBe(false);
      for (const table of ['tracking_events', 'tracking_views', 'tracking_progress', 'tracking_person_clocks', 'tracking_account_awareness']) {
        expect({ table, n: (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n }).toEqual({ table, n: 0 });
      }
      db.exec(`ALTER TABLE tracking_daily DROP CONSTRAINT refuse_all`);
      expect(await ingest.flush()).toBe(true);
      expect(db.prepare(`SELECT views, active_ms FROM tracking_daily`).all()).toEqual([{ views: 1, active_ms: 10_000 }]);
      expect((db.prepare(`SELECT count(*) AS n FROM tracking_events`).get() as { n: number }).n).toBe(2);
    } finally {
      await ingest.close();
      db.close();
    }
  });
});
