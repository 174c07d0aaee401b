import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';
import { DAILY_GAP_ROWS, listGaps, recordGap } from '../../src/lib/server/search/gaps.ts';
import { searchGaps } from '../../db/schema/search.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-gaps-'));
  db = openDatabase(join(dir, 'test.sqlite'), ROOT);
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('content gaps from searches that found nothing', () => {
  const day = new Date('2026-11-22T10:00:00Z');

  it('counts the normalised query per tier and day, and lists the most searched first', () => {
    recordGap(db, 'ＡＰＩ 上限', 'public', day);
    recordGap(db, 'api  上限', 'public', day);
    recordGap(db, 'API 上限', 'public', new Date('2026-11-21T10:00:00Z'));
    recordGap(db, '請求書 再発行', 'staff', day);
    expect(listGaps(db, 30, day)).toEqual([
      { query: 'api 上限', tier: 'public', searches: 3, days: 2, lastDay: '2026-11-22' },
      { query: '請求書 再発行', tier: 'staff', searches: 1, days: 1, lastDay: '2026-11-22' },
    ]);
    // Nothing but the query, the tier set, the day and a count is stored.
    expect(Object.keys(db.select().from(searchGaps).all()[0]!).sort()).toEqual(['count', 'day', 'query', 'tier']);
  });

  it('ignores empty queries and stops adding new rows past the daily bound', () => {
    expect(recordGap(db, '   ', 'public', day)).toEqual({ recorded: false, reason: 'empty' });
    const insert = db.$client.prepare('INSERT INTO search_gaps (day, query, tier, count) VALUES (?, ?, ?, 1)');
    db.$client.transaction(() => {
      for (let i = 0; i < DAILY_GAP_ROWS; i++) insert.run('2026-11-22', `q${i}`, 'public');
    })();
    expect(recordGap(db, 'one more', 'public', day)).toEqual({ recorded: false, reason: 'daily-limit' });
    expect(recordGap(db, 'q1', 'public', day)).toEqual({ recorded: true });
    expect(recordGap(db, 'next day', 'public', new Date('2026-11-23T00:00:01Z'))).toEqual({ recorded: true });
  });

  it('shows only the last 30 days', () => {
    recordGap(db, 'old', 'public', new Date('2026-10-01T00:00:00Z'));
    recordGap(db, 'new', 'public', day);
    expect(listGaps(db, 30, day).map((r) => r.query)).toEqual(['new']);
  });
});
