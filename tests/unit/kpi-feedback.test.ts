import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFeedbackByItem, listFeedbackComments } from '../../src/lib/server/kpi/get-feedback-by-item.ts';
import { buildTable } from '../../src/lib/server/kpi/kpi-tables.ts';
import { preloadClosedDays } from '../../src/lib/server/kpi/daily-facts.ts';
import { createFixture } from '../support/kpi-fixture.ts';

// "Was this page helpful?" per item on the hand-countable KPI world: answers written here, figures by hand.
const f = createFixture();
afterAll(() => f.close());
beforeAll(async () => {
  const ins = f.db.$client.prepare('INSERT INTO item_feedback (user_id, account_id, content_key, helpful, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  ins.run('a1', 'alpha', 'm1', 1, null, 1, Date.parse('2026-11-16T00:00:00Z'));
  ins.run('a2', 'alpha', 'm1', 0, '手順3がわかりにくい', 1, Date.parse('2026-11-18T00:00:00Z'));
  ins.run('b1', 'beta', 'm1', 0, null, 1, Date.parse('2026-11-19T00:00:00Z'));
  ins.run('a1', 'alpha', 'w1', 1, 'Great video', 1, Date.parse('2026-11-20T00:00:00Z'));
  ins.run('b1', 'beta', 'gone', 0, 'about a deleted page', 1, Date.parse('2026-11-21T00:00:00Z'));
  await preloadClosedDays(f.ctx());
});

describe('feedback per item', () => {
  it('counts each person once, helpful % by hand, views from the period, deleted items left out', () => {
    const rows = getFeedbackByItem(f.ctx());
    const m1 = rows.find((r) => r.key === 'm1')!;
    // m1: a1 yes, a2 no, b1 no → 1 of 3 helpful; in the 7-day period m1 was viewed once (alpha, 11-16).
    expect(m1).toMatchObject({ answers: 3, helpful: 1, unhelpful: 2, helpfulPercent: 33.3, comments: 1, views: 1 });
    expect(rows.find((r) => r.key === 'w1')).toMatchObject({ answers: 1, helpful: 1, helpfulPercent: 100, comments: 1 });
    expect(rows.find((r) => r.key === 'm2')).toMatchObject({ answers: 0, helpfulPercent: null });
    expect(rows.some((r) => r.key === 'gone')).toBe(false);
  });

  it('narrowed to one account', () => {
    const m1 = getFeedbackByItem(f.ctx(), 'beta').find((r) => r.key === 'm1')!;
    expect(m1).toMatchObject({ answers: 1, helpful: 0, helpfulPercent: 0 });
  });

  it('comments newest first, without the person, with the account only when asked', () => {
    const withAccount = listFeedbackComments(f.ctx(), { withAccount: true });
    expect(withAccount.map((c) => [c.key, c.comment, c.accountName, c.day])).toEqual([
      ['w1', 'Great video', 'Alpha', '2026-11-20'],
      ['m1', '手順3がわかりにくい', 'Alpha', '2026-11-18'],
    ]);
    expect(listFeedbackComments(f.ctx(), { withAccount: false }).every((c) => c.accountName === null)).toBe(true);
    expect(listFeedbackComments(f.ctx(), { withAccount: false, key: 'm1' }).map((c) => c.key)).toEqual(['m1']);
  });

  it('shows a changed and a new answer on the next request (the counts are kept only while no answer changed)', () => {
    const m1 = () => getFeedbackByItem(f.ctx()).find((r) => r.key === 'm1')!;
    expect(m1()).toMatchObject({ answers: 3, helpful: 1 });
    f.db.$client.prepare(`UPDATE item_feedback SET helpful = 1 WHERE user_id = 'b1' AND content_key = 'm1'`).run();
    expect(m1()).toMatchObject({ answers: 3, helpful: 2 });
    f.db.$client.prepare(`INSERT INTO item_feedback (user_id, account_id, content_key, helpful, comment, created_at, updated_at) VALUES ('c1', 'gamma', 'm1', 0, NULL, 1, 1)`).run();
    expect(m1()).toMatchObject({ answers: 4, helpful: 2 });
    f.db.$client.prepare(`DELETE FROM item_feedback WHERE user_id = 'c1'`).run();
    f.db.$client.prepare(`UPDATE item_feedback SET helpful = 0 WHERE user_id = 'b1' AND content_key = 'm1'`).run();
    expect(m1()).toMatchObject({ answers: 3, helpful: 1 });
  });

  it('"where to write next" lists an item with at least two answers and under half helpful', () => {
    const thin = buildTable('volume-thin', f.ctx(), { t: (k, p) => `${k}:${p?.title}:${p?.percent}` });
    expect(thin.rows.map((r) => r.what)).toContain('dashboard.where.unhelpful:M1:33.3');
    expect(thin.rows.some((r) => String(r.what).includes('W1'))).toBe(false);
  });
});

describe('comments written at one moment', () => {
  // The demo clamps today's answers to the seed's time, and people answer in the same millisecond: the list
  // must not depend on the order the database happens to return ties in (it differed between SQLite and PostgreSQL).
  const g = createFixture();
  afterAll(() => g.close());
  it('are listed by item, then person', () => {
    const ins = g.db.$client.prepare('INSERT INTO item_feedback (user_id, account_id, content_key, helpful, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const at = Date.parse('2026-11-20T00:00:00Z');
    ins.run('b1', 'beta', 'w1', 1, 'later key', 1, at);
    ins.run('b1', 'beta', 'm1', 0, 'second person', 1, at);
    ins.run('a1', 'alpha', 'm1', 0, 'first person', 1, at);
    expect(listFeedbackComments(g.ctx(), { withAccount: false }).map((c) => c.comment)).toEqual(['first person', 'second person', 'later key']);
  });
});
