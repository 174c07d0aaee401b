// The dashboards keep closed days of the rollup in memory: figures must still follow every write, be it
// to today (re-read per request) or to a day long past (a late batch or a re-seed bumps the epoch).
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { closedBefore } from '../../src/lib/server/kpi/daily-facts.ts';
import { getViewingTimeSummary } from '../../src/lib/server/kpi/get-viewing-time-summary.ts';
import { getAccountFacts } from '../../src/lib/server/kpi/get-account-facts.ts';
import { addDays, resolvePeriod } from '../../src/lib/server/kpi/period.ts';
import { REFRESH_MS, UNTRACKED_MS } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { markTrackingActivity } from '../../src/lib/server/tracking/activity-epoch.ts';
import { createFixture, later } from '../support/kpi-fixture.ts';

const MIN = 60_000;
const f = createFixture();
afterAll(() => f.close());
afterEach(() => vi.useRealTimers());


const today = new Date().toISOString().slice(0, 10);
const past = addDays(closedBefore(), -5);
const upsert = f.db.$client.prepare(
  `INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES (?, 'gamma', 'c1', 'm1', ?, 0, 1, 0, 0)
   ON CONFLICT DO UPDATE SET active_ms = active_ms + excluded.active_ms`,
);
/** A tracking write as the writers other than the batch writer make it (they move the activity epoch). */
const insert = (day: string, ms: number) =>
  f.db.$client.transaction(() => {
    upsert.run(day, ms);
    markTrackingActivity(f.db.$client);
  })();
const viewingOn = (day: string) => getViewingTimeSummary(f.ctx({ period: 'custom', from: day, to: day }), 'gamma').current;

describe('in-memory rollup of closed days', () => {
  it('a day long past is read once and then answered from memory, and a late write to it is seen', () => {
    expect(viewingOn(past)).toMatchObject({ viewingMs: 0, activeUsers: 0 });
    insert(past, 3 * MIN);
    expect(viewingOn(past)).toMatchObject({ viewingMs: 3 * MIN, activeUsers: 1 });
    insert(past, 2 * MIN); // the update path of the upsert
    expect(viewingOn(past).viewingMs).toBe(5 * MIN);
    f.db.$client.prepare(`DELETE FROM tracking_daily WHERE day = ? AND account_id = 'gamma'`).run(past);
    expect(viewingOn(past).viewingMs).toBe(0);
  });

  it('today is read again after a write, once the short reuse window has passed', () => {
    const before = Number((f.db.$client.prepare(`SELECT value FROM app_meta WHERE key = 'tracking_history_epoch'`).get() as { value: string }).value);
    expect(viewingOn(today).viewingMs).toBe(0);
    insert(today, 4 * MIN);
    later();
    expect(viewingOn(today).viewingMs).toBe(4 * MIN);
    insert(today, 1 * MIN);
    expect(viewingOn(today).viewingMs).toBe(4 * MIN); // within the window: the read just made is reused
    later();
    expect(viewingOn(today).viewingMs).toBe(5 * MIN);
    // Live writes to recent days do not invalidate the cache of every closed day.
    expect(Number((f.db.$client.prepare(`SELECT value FROM app_meta WHERE key = 'tracking_history_epoch'`).get() as { value: string }).value)).toBe(before);
  });

  it('a write that is not tracking leaves today as read; a write by hand that moves no epoch shows within a minute', () => {
    later(UNTRACKED_MS + REFRESH_MS); // past every window of the reads the tests before made (at their fake times)
    insert(today, 0); // a marked tracking write: today is read afresh now
    const base = viewingOn(today).viewingMs;
    upsert.run(today, 2 * MIN); // by hand: no epoch moves
    f.db.$client.prepare(`UPDATE accounts SET name = name || '.' WHERE id = 'gamma'`).run(); // an account change
    later();
    expect(viewingOn(today).viewingMs).toBe(base); // the account change did not make it read tracking again
    later(UNTRACKED_MS);
    expect(viewingOn(today).viewingMs).toBe(base + 2 * MIN);
  });

  it('a period spanning closed and recent days adds both', () => {
    insert(past, 7 * MIN);
    later();
    const s = getViewingTimeSummary(f.ctx({ period: 'custom', from: past, to: today }), 'gamma').current;
    expect(s).toMatchObject({ viewingMs: 14 * MIN, activeAccounts: 1, activeUsers: 1 });
  });

  it('an account’s facts add today to the closed days they keep, and follow a late write to a closed day', () => {
    const upsertFor = f.db.$client.prepare(
      `INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES (?, 'beta', 'b1', 'm1', ?, 0, 1, 0, 0)
       ON CONFLICT DO UPDATE SET active_ms = active_ms + excluded.active_ms`,
    );
    const write = (day: string, ms: number) => f.db.$client.transaction(() => {
      upsertFor.run(day, ms);
      markTrackingActivity(f.db.$client);
    })();
    // The fixture's periods end on its fixed day: these end today, so today is an open day of the period.
    const beta = () => getAccountFacts({ ...f.ctx(), periods: resolvePeriod({ period: '30' }, 'Asia/Tokyo', Date.now()) }).find((a) => a.id === 'beta')!;
    later(5 * UNTRACKED_MS); // past the fake times the tests before read at
    const before = beta();
    write(today, 3 * MIN);
    later();
    expect(beta()).toMatchObject({ viewingMs: before.viewingMs + 3 * MIN, last14Ms: before.last14Ms + 3 * MIN, activeUsers30: 1, lastActiveDay: today });
    write(today, 1 * MIN);
    later();
    // Added to the kept closed days again, not to the figure of the read before.
    expect(beta().viewingMs).toBe(before.viewingMs + 4 * MIN);
    write(addDays(today, -10), 2 * MIN);
    later();
    expect(beta()).toMatchObject({ viewingMs: before.viewingMs + 6 * MIN, last14Ms: before.last14Ms + 6 * MIN, lastActiveDay: today });
  });
});
