import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { ContentIndex } from '../../src/lib/server/tracking/content-index.ts';
import { createIngest, type Ingest } from '../../src/lib/server/tracking/ingest.ts';
import { pruneTrackingEvents } from '../../src/lib/server/tracking/retention.ts';
import { createInlineSink } from '../../src/lib/server/tracking/writer.ts';
import { buildTrackerScript } from '../../src/lib/server/tracking/tracker-build.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const index: ContentIndex = new Map([
  ['guide', { type: 'manual', level: 1, audience: 'customers', refs: [] }],
  ['talk', { type: 'webinar', level: 2, audience: 'customers', refs: [], durationSeconds: 100 }],
  ['news', { type: 'announcement', level: 4, audience: 'customers', refs: ['talk'] }],
  ['open', { type: 'article', level: 2, audience: 'public', refs: [] }],
]);
const alice = { userId: 'alice', role: 'customer' as const, accountId: 'acme' };
const opts = { timeZone: 'Asia/Tokyo', engagedMs: 30_000, engagedVideoPercent: 50, index };

let dir: string;
let db: Database.Database;
let ingest: Ingest;
const rows = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as T[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-track-unit-'));
  db = openDatabase(join(dir, 'db.sqlite'), ROOT).$client;
  db.pragma('busy_timeout = 50');
  ingest = createIngest({ db, sink: createInlineSink(db, opts), index, flushMs: 60_000, batchRows: 100_000, bufferMax: 20, retentionDays: 30, log: () => {} });
});
afterEach(async () => {
  await ingest.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch writer', () => {
  it('writes raw events, daily rollups, awareness, engagement, coverage and announcement reach in one batch', async () => {
    const t0 = Date.UTC(2026, 10, 22, 3, 0);
    ingest.accept({ v: 1, view: 'listing000001', events: [{ t: 'imp', keys: ['news', 'guide'] }] }, alice, t0);
    ingest.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'view' }] }, alice, t0);
    ingest.accept({ v: 1, view: 'view00000001', key: 'guide', events: [{ t: 'beat', ms: 40_000, depth: 100, end: true }] }, alice, t0 + 40_000);
    ingest.accept({ v: 1, view: 'view00000002', key: 'talk', events: [{ t: 'view' }] }, alice, t0);
    // 60 s played (after the 40 s of reading: one person has one wall clock): 55 s of new coverage is believable.
    ingest.accept({ v: 1, view: 'view00000002', key: 'talk', events: [{ t: 'video', ms: 60_000, pos: 55, dur: 100, ranges: [[0, 55]] }] }, alice, t0 + 100_000);
    expect(await ingest.flush()).toBe(true);
    // Then 45 s of new coverage claimed for 1 s of play: refused (at most 2× speed), the position still moves.
    ingest.accept({ v: 1, view: 'view00000002', key: 'talk', events: [{ t: 'video', ms: 1_000, pos: 100, dur: 100, ranges: [[55, 100]] }] }, alice, t0 + 101_000);
    expect(await ingest.flush()).toBe(true);

    expect(rows('SELECT count(*) AS n FROM tracking_events')).toEqual([{ n: 7 }]);
    expect(rows('SELECT day, active_ms, views, completions FROM tracking_daily WHERE content_key = ?', 'guide')).toEqual([
      { day: '2026-11-22', active_ms: 40_000, views: 1, completions: 1 },
    ]);
    const talk = rows<{ covered_seconds: number; position: number; first_engaged_at: number | null; first_impression_at: number }>(
      'SELECT * FROM tracking_progress WHERE user_id = ? AND content_key = ?', 'alice', 'talk')[0]!;
    expect(talk.covered_seconds).toBe(55);
    expect(talk.position).toBe(100);
    expect(talk.first_engaged_at).not.toBeNull(); // 55 % ≥ 50 %
    expect(talk.first_impression_at).toBe(t0); // made aware by the announcement pointing at it
    expect(rows('SELECT account_id, first_view_at IS NOT NULL AS viewed, first_engaged_at IS NOT NULL AS engaged FROM tracking_account_awareness WHERE content_key = ?', 'guide'))
      .toEqual([{ account_id: 'acme', viewed: 1, engaged: 1 }]);
    expect(rows('SELECT announcement_key, user_id, account_id FROM tracking_announcement_reach')).toEqual([{ announcement_key: 'news', user_id: 'alice', account_id: 'acme' }]);
  });

  it('completes a video and engages a reader once, across batches', async () => {
    const t0 = Date.UTC(2026, 10, 22, 3, 0);
    ingest.accept({ v: 1, view: 'view00000003', key: 'talk', events: [{ t: 'view' }] }, alice, t0);
    ingest.accept({ v: 1, view: 'view00000003', key: 'talk', events: [{ t: 'video', ms: 60_000, pos: 60, dur: 100, ranges: [[0, 60]] }] }, alice, t0 + 60_000);
    // Reading starts once the video is paused (one person has one wall clock for reading and video).
    ingest.accept({ v: 1, view: 'view00000004', key: 'guide', events: [{ t: 'view' }] }, alice, t0 + 60_000);
    ingest.accept({ v: 1, view: 'view00000004', key: 'guide', events: [{ t: 'beat', ms: 20_000 }] }, alice, t0 + 80_000);
    await ingest.flush();
    const progress = () => rows<{ content_key: string; completed_at: number | null; first_engaged_at: number | null }>(
      'SELECT content_key, completed_at, first_engaged_at FROM tracking_progress ORDER BY content_key');
    // 60 % watched: engaged (≥ 50 %) but not completed (< 90 %); 20 s read: not yet engaged (< 30 s).
    expect(progress().map((p) => [p.content_key, p.completed_at !== null, p.first_engaged_at !== null])).toEqual([['guide', false, false], ['talk', false, true]]);
    const engagedAt = progress()[1]!.first_engaged_at;
    ingest.accept({ v: 1, view: 'view00000004', key: 'guide', events: [{ t: 'beat', ms: 15_000 }] }, alice, t0 + 95_000);
    ingest.accept({ v: 1, view: 'view00000003', key: 'talk', events: [{ t: 'video', ms: 35_000, pos: 95, dur: 100, ranges: [[60, 95]] }] }, alice, t0 + 130_000);
    await ingest.flush();
    ingest.accept({ v: 1, view: 'view00000003', key: 'talk', events: [{ t: 'video', ms: 5_000, pos: 100, dur: 100, ranges: [[95, 100]] }] }, alice, t0 + 135_000);
    await ingest.flush();
    const [guide, talk] = progress();
    expect(guide!.first_engaged_at).not.toBeNull(); // 35 s ≥ 30 s
    expect(talk!.completed_at).not.toBeNull();
    expect(talk!.first_engaged_at).toBe(engagedAt);
    expect(rows('SELECT sum(completions) AS n FROM tracking_daily WHERE content_key = ?', 'talk')).toEqual([{ n: 1 }]);
  });

  it('writes every row of a large batch; the first person of an account seen sets its firsts', async () => {
    const t0 = Date.UTC(2026, 10, 22, 3, 0);
    const big = createIngest({ db, sink: createInlineSink(db, opts), index, flushMs: 60_000, batchRows: 100_000, bufferMax: 1000, retentionDays: 30, log: () => {} });
    // 150 people of one account (more rows than one multi-row statement holds), each viewing the guide.
    for (let i = 0; i < 150; i++) {
      const person = { userId: `p${i}`, role: 'customer' as const, accountId: 'acme' };
      big.accept({ v: 1, view: `many${String(i).padStart(8, '0')}`, key: 'guide', events: [{ t: 'view' }] }, person, t0 + i);
    }
    await big.close();
    const events = rows<{ at: number; user_id: string }>('SELECT at, user_id FROM tracking_events ORDER BY id');
    expect(events.map((e) => [e.at, e.user_id])).toEqual(Array.from({ length: 150 }, (_, i) => [t0 + i, `p${i}`]));
    expect(rows('SELECT count(*) AS n FROM tracking_views')).toEqual([{ n: 150 }]);
    expect(rows('SELECT count(*) AS n, sum(views) AS views FROM tracking_daily')).toEqual([{ n: 150, views: 150 }]);
    expect(rows('SELECT count(*) AS n, min(first_view_at) AS first FROM tracking_progress')).toEqual([{ n: 150, first: t0 }]);
    expect(rows('SELECT first_view_at FROM tracking_account_awareness')).toEqual([{ first_view_at: t0 }]);
  });

  it('moves a person\'s progress to their new account', async () => {
    ingest.accept({ v: 1, view: 'move00000001', key: 'guide', events: [{ t: 'view' }] }, alice, 1000);
    await ingest.flush();
    ingest.accept({ v: 1, view: 'move00000002', key: 'guide', events: [{ t: 'view' }] }, { ...alice, accountId: 'globex' }, 2000);
    await ingest.flush();
    expect(rows('SELECT account_id, first_view_at FROM tracking_progress')).toEqual([{ account_id: 'globex', first_view_at: 1000 }]);
  });

  it('keeps anonymous visitors out of per-person and per-account tables', async () => {
    // A public page linking to a gated item: the view counts, the link to what they can't open doesn't.
    expect(ingest.accept({ v: 1, view: 'anon00000001', key: 'open', events: [{ t: 'view' }, { t: 'imp', keys: ['guide'] }] }, null, 1000).status).toBe(204);
    expect(ingest.accept({ v: 1, view: 'anon00000002', key: 'guide', events: [{ t: 'view' }] }, null, 1000).status).toBe(403);
    await ingest.flush();
    expect(rows('SELECT user_id, account_id, views FROM tracking_daily')).toEqual([{ user_id: '', account_id: '', views: 1 }]);
    expect(rows('SELECT * FROM tracking_progress')).toEqual([]);
    expect(rows('SELECT * FROM tracking_account_awareness')).toEqual([]);
  });
});

describe('bounded buffer', () => {
  it('keeps serving while the database is locked, counts what it drops, and catches up afterwards', async () => {
    const locker = new Database(join(dir, 'db.sqlite'));
    locker.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 30; i++) {
      // Once the buffer (20) is full the ingest says so (503, the client may retry) and counts the drop.
      expect(ingest.accept({ v: 1, view: `lock${String(i).padStart(8, '0')}`, key: 'guide', events: [{ t: 'view' }] }, alice).status).toBe(i < 20 ? 204 : 503);
    }
    expect(await ingest.flush()).toBe(false);
    expect(ingest.health()).toMatchObject({ buffered: 20, dropped: 10, flushFailures: 1 });
    expect(ingest.health().lastError).toMatch(/SQLITE_BUSY/);
    locker.exec('ROLLBACK');
    locker.close();
    expect(await ingest.flush()).toBe(true);
    expect(ingest.health()).toMatchObject({ buffered: 0, written: 20, lastError: null });
    expect(rows('SELECT count(*) AS n FROM tracking_events')).toEqual([{ n: 20 }]);
  });
});

describe('retention', () => {
  it('deletes raw events older than the retention and keeps the rollups', async () => {
    const day = 86_400_000;
    const now = Date.now();
    ingest.accept({ v: 1, view: 'old000000001', key: 'guide', events: [{ t: 'view' }] }, alice, now - 40 * day);
    ingest.accept({ v: 1, view: 'new000000001', key: 'guide', events: [{ t: 'view' }] }, alice, now);
    await ingest.flush();
    expect(pruneTrackingEvents(db, 30, now, 1)).toBe(1);
    expect(rows('SELECT view_id FROM tracking_events')).toEqual([{ view_id: 'new000000001' }]);
    expect(rows<{ views: number }>('SELECT sum(views) AS views FROM tracking_daily')[0]!.views).toBe(2);
  });
});

describe('tracker script', () => {
  it('stays within 2 KB gzipped', async () => {
    const { code, gzipBytes } = await buildTrackerScript(ROOT);
    expect(code).toContain('/api/track');
    expect(gzipBytes).toBeLessThanOrEqual(2048);
  });
});
