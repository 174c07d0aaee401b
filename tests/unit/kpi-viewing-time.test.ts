import { afterAll, describe, expect, it } from 'vitest';
import { getViewingTimeByAccount } from '../../src/lib/server/kpi/get-viewing-time-by-account.ts';
import { getViewingTimeByItem } from '../../src/lib/server/kpi/get-viewing-time-by-item.ts';
import { getViewingTimeByLevel } from '../../src/lib/server/kpi/get-viewing-time-by-level.ts';
import { getViewingTimeBySegment } from '../../src/lib/server/kpi/get-viewing-time-by-segment.ts';
import { getViewingTimeByType } from '../../src/lib/server/kpi/get-viewing-time-by-type.ts';
import { getViewingTimeSeries } from '../../src/lib/server/kpi/get-viewing-time-series.ts';
import { getViewingTimeSummary } from '../../src/lib/server/kpi/get-viewing-time-summary.ts';
import { createFixture } from '../support/kpi-fixture.ts';

const MIN = 60_000;
const f = createFixture();
afterAll(() => f.close());

describe('viewing time KPIs (7 days up to 2026-11-22 in Tokyo)', () => {
  it('periods follow the reporting time zone', () => {
    const { current, previous } = f.ctx().periods;
    expect(current).toEqual({ from: '2026-11-16', to: '2026-11-22', days: 7 });
    expect(previous).toEqual({ from: '2026-11-09', to: '2026-11-15', days: 7 });
  });

  it('summary: customer accounts only, webinar reading and playing not added twice, change vs previous period', () => {
    const s = getViewingTimeSummary(f.ctx());
    // alpha: 10 min manual + max(1, 5) min webinar = 15 min; staff row and the day after the period ignored
    expect(s.current).toEqual({ viewingMs: 15 * MIN, activeAccounts: 1, activeUsers: 2, perActiveAccountMs: 15 * MIN });
    // alpha 40 min + beta 2 min
    expect(s.previous).toEqual({ viewingMs: 42 * MIN, activeAccounts: 2, activeUsers: 2, perActiveAccountMs: 21 * MIN });
    expect(s.changePercent).toBeCloseTo(((15 - 42) / 42) * 100, 6);
    expect(s.perAccountChangePercent).toBeCloseTo(((15 - 21) / 21) * 100, 6);
    expect(s.targetPerActiveAccountMs).toBe(10 * MIN * 7);
  });

  it('summary for one account and for an account with no activity', () => {
    expect(getViewingTimeSummary(f.ctx(), 'gamma').current).toEqual({ viewingMs: 0, activeAccounts: 0, activeUsers: 0, perActiveAccountMs: 0 });
    expect(getViewingTimeSummary(f.ctx(), 'gamma').changePercent).toBe(0);
    expect(getViewingTimeSummary(f.ctx(), 'beta').changePercent).toBe(-100);
  });

  it('by account lists every account, also those never active', () => {
    const rows = getViewingTimeByAccount(f.ctx());
    expect(rows.map((r) => [r.accountId, r.viewingMs, r.previousMs, r.activeUsers, r.views])).toEqual([
      ['alpha', 15 * MIN, 40 * MIN, 2, 2],
      ['beta', 0, 2 * MIN, 0, 0],
      ['delta', 0, 0, 0, 0],
      ['gamma', 0, 0, 0, 0],
    ]);
    expect(rows[0]!.changePercent).toBeCloseTo(-62.5, 6);
    expect(rows[2]!.changePercent).toBe(0);
  });

  it('by segment, level, type and item', () => {
    expect(getViewingTimeBySegment(f.ctx())).toEqual([
      { segment: 'high', accounts: 1, activeAccounts: 1, viewingMs: 15 * MIN, perActiveAccountMs: 15 * MIN },
      { segment: 'low', accounts: 1, activeAccounts: 0, viewingMs: 0, perActiveAccountMs: 0 },
      { segment: 'tech', accounts: 2, activeAccounts: 0, viewingMs: 0, perActiveAccountMs: 0 },
    ]);
    const levels = getViewingTimeByLevel(f.ctx());
    expect(levels.map((l) => [l.level, l.items, l.viewingMs, l.people])).toEqual([
      [1, 2, 10 * MIN, 1], [2, 1, 5 * MIN, 1], [3, 0, 0, 0], [4, 1, 0, 0], [5, 0, 0, 0],
    ]);
    const types = getViewingTimeByType(f.ctx());
    expect(types.find((t) => t.type === 'webinar')).toEqual({ type: 'webinar', items: 1, viewingMs: 5 * MIN, views: 1, completions: 0 });
    const items = getViewingTimeByItem(f.ctx());
    expect(items.find((i) => i.key === 'm1')).toMatchObject({ viewingMs: 10 * MIN, views: 1, completions: 1, people: 1, accounts: 1 });
    expect(items.find((i) => i.key === 'ann1')).toMatchObject({ viewingMs: 0, people: 0 });
  });

  it('series by day and by ISO week, gaps filled', () => {
    const days = getViewingTimeSeries(f.ctx(), 'day');
    expect(days.points).toHaveLength(7);
    expect(days.points[0]).toEqual({ bucket: '2026-11-16', viewingMs: 10 * MIN, activeAccounts: 1, perActiveAccountMs: 10 * MIN });
    expect(days.points[6]!.viewingMs).toBe(5 * MIN);
    expect(days.points[3]!.viewingMs).toBe(0);
    const weeks = getViewingTimeSeries(f.ctx({ period: 'custom', from: '2026-11-09', to: '2026-11-22' }), 'week');
    expect(weeks.points.map((p) => [p.bucket, p.viewingMs, p.activeAccounts])).toEqual([
      ['2026-11-09', 42 * MIN, 2],
      ['2026-11-16', 15 * MIN, 1],
    ]);
    expect(weeks.targetPerActiveAccountMs).toBe(70 * MIN);
  });
});
