import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { getAccountAwareness } from '../../src/lib/server/kpi/get-account-awareness.ts';
import { getAnnouncementReach } from '../../src/lib/server/kpi/get-announcement-reach.ts';
import { getAwarenessByItem } from '../../src/lib/server/kpi/get-awareness-by-item.ts';
import { getAwarenessSummary } from '../../src/lib/server/kpi/get-awareness-summary.ts';
import { markTrackingActivity, takeTrackingTurn } from '../../src/lib/server/tracking/activity-epoch.ts';
import { createFixture, later } from '../support/kpi-fixture.ts';

const f = createFixture();
afterAll(() => f.close());

describe('awareness KPIs', () => {
  it('rate over (item, account in audience) pairs, restricted webinar only counts high-touch accounts', () => {
    const s = getAwarenessSummary(f.ctx());
    // audience: m1, m2, ann1 × 4 accounts + w1 × alpha = 13; aware: alpha m1, m2, w1 (23:59:59 Tokyo) + beta m1 = 4
    expect(s.all).toEqual({ audiencePairs: 13, awarePairs: 4, ratePercent: (4 / 13) * 100, items: 4 });
    // newest (published in the last 30 days): w1 (alpha) + ann1 (4 accounts); beta's ann1 impression is on 11-23 in Tokyo
    expect(s.newest).toEqual({ audiencePairs: 5, awarePairs: 1, ratePercent: 20, items: 2 });
    // end of 11-15: only m1 and m2 published; alpha m2 and beta m1 known
    expect(s.previousAll).toEqual({ audiencePairs: 8, awarePairs: 2, ratePercent: 25, items: 2 });
    expect(s.changePoints).toBeCloseTo((4 / 13) * 100 - 25, 6);
    expect(s.series).toHaveLength(7);
    expect(s.series[6]!.ratePercent).toBeCloseTo((4 / 13) * 100, 6);
  });

  it('funnel per item in accounts and people', () => {
    const rows = getAwarenessByItem(f.ctx());
    expect(rows.find((r) => r.key === 'm1')).toMatchObject({
      audienceAccounts: 4, awareAccounts: 2, viewedAccounts: 2, engagedAccounts: 1,
      audiencePeople: 5, awarePeople: 3, viewedPeople: 2, engagedPeople: 1, ratePercent: 50,
    });
    expect(rows.find((r) => r.key === 'w1')).toMatchObject({ audienceAccounts: 1, awareAccounts: 1, viewedAccounts: 0, audiencePeople: 2, awarePeople: 1 });
  });

  it('per account share of the content meant for it, including an account with no activity', () => {
    const rows = getAccountAwareness(f.ctx());
    expect(rows.map((r) => [r.accountId, r.meantFor, r.known, r.viewed])).toEqual([
      ['alpha', 4, 3, 2], ['beta', 3, 1, 1], ['delta', 3, 0, 0], ['gamma', 3, 0, 0],
    ]);
    expect(rows[0]!.sharePercent).toBe(75);
    expect(getAccountAwareness(f.ctx(), 'gamma')).toHaveLength(1);
  });

  it('announcement reach grows by day and stops at the end of the period in Tokyo', () => {
    const [ann] = getAnnouncementReach(f.ctx());
    expect(ann).toMatchObject({ key: 'ann1', audienceAccounts: 4, reachedAccounts: 1, reachedPeople: 2, openedPeople: 1, ratePercent: 25 });
    expect(ann!.series.map((p) => p.reachedAccounts)).toEqual([0, 1, 1, 1, 1, 1, 1]);
  });
});

// Over all accounts, the per-account shares and the announcement reach are shared across requests (each is a
// pass over every awareness or reach row): new tracking shows once the reuse window has passed, and a change
// to who the accounts are shows on the very next request.
describe('awareness figures shared across requests', () => {
  const g = createFixture();
  afterAll(() => g.close());
  afterEach(() => vi.useRealTimers());
  const c = g.db.$client;
  const gamma = () => getAccountAwareness(g.ctx()).find((r) => r.accountId === 'gamma')!;

  it('reuses the rows while nothing changed and counts a new awareness row and a new reach after the window', () => {
    const rows = getAccountAwareness(g.ctx());
    const reach = getAnnouncementReach(g.ctx());
    expect(getAccountAwareness(g.ctx())).toBe(rows);
    expect(getAnnouncementReach(g.ctx())).toBe(reach);
    expect(gamma()).toMatchObject({ known: 0, viewed: 0 });
    // With a tracking turn, as the tracking writers mark the rows they change (kpi/changed-rows.ts).
    c.prepare(`INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at, change_seq) VALUES ('gamma', 'm1', NULL, ?, NULL, ?)`)
      .run(Date.parse('2026-11-18T01:00:00Z'), takeTrackingTurn(c));
    c.prepare(`INSERT INTO tracking_announcement_reach (announcement_key, user_id, account_id, first_seen_at, opened_at) VALUES ('ann1', 'c1', 'gamma', ?, NULL)`)
      .run(Date.parse('2026-11-18T01:00:00Z'));
    markTrackingActivity(c); // as the tracking writers do
    later();
    expect(gamma()).toMatchObject({ known: 1, viewed: 1 });
    expect(getAnnouncementReach(g.ctx())[0]).toMatchObject({ reachedAccounts: 2, reachedPeople: 3 });
  });

  it('follows an account disabled or moved into an audience on the next request', () => {
    const meant = gamma().meantFor;
    c.prepare(`UPDATE accounts SET segment = 'high' WHERE id = 'gamma'`).run();
    expect(gamma().meantFor).toBe(meant + 1); // the webinar is for high-touch accounts
    c.prepare(`UPDATE accounts SET disabled_at = 1 WHERE id = 'delta'`).run();
    expect(getAccountAwareness(g.ctx()).map((r) => r.accountId)).not.toContain('delta');
    expect(getAnnouncementReach(g.ctx())[0]!.audienceAccounts).toBe(3);
  });
});
