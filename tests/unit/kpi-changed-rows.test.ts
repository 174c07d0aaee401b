// The awareness figures over all accounts read the progress and awareness rows whole once, then only the rows
// the tracking writer (or a mail click) changed since (kpi/changed-rows.ts): under live ingest at 100M events
// that is the last seconds' rows instead of millions.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getAccountAwareness } from '../../src/lib/server/kpi/get-account-awareness.ts';
import { getAwarenessByItem } from '../../src/lib/server/kpi/get-awareness-by-item.ts';
import { FULL_READ_MS } from '../../src/lib/server/kpi/changed-rows.ts';
import { markTrackingActivity } from '../../src/lib/server/tracking/activity-epoch.ts';
import type { ContentIndex } from '../../src/lib/server/tracking/content-index.ts';
import { createIngest } from '../../src/lib/server/tracking/ingest.ts';
import { createInlineSink } from '../../src/lib/server/tracking/writer.ts';
import { createFixture, later } from '../support/kpi-fixture.ts';

const index: ContentIndex = new Map([
  ['m1', { type: 'manual', level: 1, audience: 'customers', refs: [] }],
  ['m2', { type: 'manual', level: 1, audience: 'customers', refs: [] }],
]);
const opts = { timeZone: 'Asia/Tokyo', engagedMs: 30_000, engagedVideoPercent: 50, index };
const g = createFixture();
const c = g.db.$client;
const ingest = createIngest({ db: c, sink: createInlineSink(c, opts), index, flushMs: 60_000, batchRows: 100_000, bufferMax: 20, retentionDays: 30, log: () => {} });
afterAll(async () => {
  await ingest.close();
  g.close();
});
afterEach(() => vi.useRealTimers());

const carol = { userId: 'c1', role: 'customer' as const, accountId: 'gamma' };
// Inside the fixture's 7-day period (it ends on 2026-11-22 in Tokyo).
const t0 = Date.parse('2026-11-20T01:00:00Z');
const m1 = () => getAwarenessByItem(g.ctx()).find((r) => r.key === 'm1')!;
const gamma = () => getAccountAwareness(g.ctx()).find((r) => r.accountId === 'gamma')!;
const turnOf = (table: string, key: string) => (c.prepare(`SELECT change_seq AS s FROM ${table} WHERE ${key}`).get() as { s: number }).s;

describe('awareness over all accounts under live ingest', () => {
  it('counts a view, marks an engagement, and counts a hand write without a turn (at the next whole read)', async () => {
    const before = m1();
    expect(gamma()).toMatchObject({ known: 0, viewed: 0 });

    ingest.accept({ v: 1, view: 'viewcarol001', key: 'm1', events: [{ t: 'view' }] }, carol, t0);
    await ingest.flush();
    later();
    expect(m1()).toMatchObject({ awareAccounts: before.awareAccounts + 1, viewedAccounts: before.viewedAccounts + 1, awarePeople: before.awarePeople + 1, viewedPeople: before.viewedPeople + 1 });
    expect(gamma()).toMatchObject({ known: 1, viewed: 1 });
    // A person already aware (a2 saw m1 listed on 11-17) opens it: the row read before is replaced, not added.
    ingest.accept({ v: 1, view: 'viewalice002', key: 'm1', events: [{ t: 'view' }] }, { userId: 'a2', role: 'customer' as const, accountId: 'alpha' }, t0);
    await ingest.flush();
    later();
    expect(m1()).toMatchObject({ awarePeople: before.awarePeople + 1, viewedPeople: before.viewedPeople + 2 });
    const viewTurn = turnOf('tracking_progress', `user_id = 'c1' AND content_key = 'm1'`);
    expect(viewTurn).toBeGreaterThan(0);

    // Reading time alone leaves the funnel, and so the row's turn, as it was; the engagement moves both.
    ingest.accept({ v: 1, view: 'viewcarol001', key: 'm1', events: [{ t: 'beat', ms: 10_000, depth: 20 }] }, carol, t0 + 10_000);
    await ingest.flush();
    expect(turnOf('tracking_progress', `user_id = 'c1' AND content_key = 'm1'`)).toBe(viewTurn);
    ingest.accept({ v: 1, view: 'viewcarol001', key: 'm1', events: [{ t: 'beat', ms: 25_000, depth: 60 }] }, carol, t0 + 35_000);
    await ingest.flush();
    expect(turnOf('tracking_progress', `user_id = 'c1' AND content_key = 'm1'`)).toBeGreaterThan(viewTurn);
    expect(turnOf('tracking_account_awareness', `account_id = 'gamma' AND content_key = 'm1'`)).toBeGreaterThan(viewTurn);
    // (The engagement is dated when it is written, after the fixture's period: the figures do not count it.)

    // A row written by hand carries no turn: the changed rows do not include it; the whole read does.
    c.prepare(`INSERT INTO tracking_progress (user_id, content_key, account_id, first_view_at, updated_at) VALUES ('d1', 'm1', 'delta', ?, 0)`).run(t0);
    c.prepare(`INSERT INTO tracking_account_awareness (account_id, content_key, first_view_at) VALUES ('delta', 'm1', ?)`).run(t0);
    markTrackingActivity(c);
    ingest.accept({ v: 1, view: 'viewcarol002', key: 'm2', events: [{ t: 'view' }] }, carol, t0 + 60_000);
    await ingest.flush();
    later();
    expect(m1()).toMatchObject({ awareAccounts: before.awareAccounts + 1, awarePeople: before.awarePeople + 1 });
    expect(getAwarenessByItem(g.ctx()).find((r) => r.key === 'm2')).toMatchObject({ awarePeople: 2 }); // a1 and now carol
    // Once the whole read is due, the next tracking batch brings it.
    later(FULL_READ_MS);
    ingest.accept({ v: 1, view: 'viewcarol002', key: 'm2', events: [{ t: 'beat', ms: 5_000, depth: 10 }] }, carol, t0 + 65_000);
    await ingest.flush();
    expect(m1()).toMatchObject({ awareAccounts: before.awareAccounts + 2, awarePeople: before.awarePeople + 2 });
  });
});
