import { afterAll, describe, expect, it } from 'vitest';
import { getContentVolume } from '../../src/lib/server/kpi/get-content-volume.ts';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { computePyramidPosition } from '../../src/lib/server/health/pyramid-position.ts';
import { BODIES, createFixture } from '../support/kpi-fixture.ts';

const f = createFixture();
afterAll(() => f.close());

describe('accounts: stage, health score and alerts', () => {
  const rows = evaluateAccounts(f.ctx());
  const by = (id: string) => rows.find((r) => r.id === id)!;
  // The viewing-based preset (JISOU_KPI_STAGE_RULES=viewing); the surveys preset is tested in kpi-stage-surveys.
  const viewing = evaluateAccounts(f.ctx({ period: '7' }, { JISOU_KPI_STAGE_RULES: 'viewing' }));
  const byViewing = (id: string) => viewing.find((r) => r.id === id)!;

  it('stages follow the documented rules', () => {
    expect(byViewing('alpha').stage).toMatchObject({ stage: 'C', reason: 'progressing', rules: 'viewing' });
    expect(byViewing('beta').stage).toMatchObject({ stage: 'D', reason: 'onboarding' });
    expect(byViewing('gamma').stage).toMatchObject({ stage: 'D', reason: 'onboarding' });
    expect(byViewing('delta').stage).toMatchObject({ stage: 'E', reason: 'dormant', facts: { lastActiveDay: '2026-09-01', lastSignInDay: null } });
    expect(by('alpha').pyramidPosition).toBe(1);
    expect(by('alpha').csmName).toBe('Staff One');
  });

  it('a case-study customer is stage A', () => {
    const ctx = f.ctx();
    ctx.content = { ...ctx.content, items: [...ctx.content.items, { ...ctx.content.items[0]!, key: 'cs', type: 'case-study', customer: '株式会社 Alpha' }] };
    ctx.settings = { ...ctx.settings, stageRules: 'viewing' };
    expect(evaluateAccounts(ctx, 'alpha')[0]!.stage.stage).toBe('A');
    // Stage A by hand: a manager's mark (with its reason) in account_success_marks.
    const mark = f.db.$client.prepare("INSERT INTO account_success_marks (account_id, reason, marked_by, marked_at) VALUES (?, 'talk at the user group', 's1', 0)");
    mark.run('beta');
    mark.run('gamma');
    try {
      expect(evaluateAccounts(f.ctx({ period: '7' }, { JISOU_KPI_STAGE_RULES: 'viewing' }), 'beta')[0]!.stage.stage).toBe('A');
      // Surveys preset: the mark wins over the survey count (gamma answered none), but not over silence (beta: E).
      expect(evaluateAccounts(f.ctx(), 'gamma')[0]!.stage).toMatchObject({ stage: 'A', reason: 'marked', rules: 'surveys' });
      expect(evaluateAccounts(f.ctx(), 'beta')[0]!.stage).toMatchObject({ stage: 'E', reason: 'silent' });
    } finally {
      f.db.$client.prepare('DELETE FROM account_success_marks').run();
    }
  });

  it('health score: weighted components with the formula from config', () => {
    const h = by('alpha').health;
    // Nobody of the fixture has signed in (signin 0); nobody answered an NPS question (the component is left out).
    expect(Object.fromEntries(h.components.map((c) => [c.name, c.value]))).toEqual({
      recency: 1, viewing: 1, pyramid: 0.2, awareness: 0.75, trend: 0.5 + (15 - 40) / 80, signin: 0,
    });
    expect(h.score).toBe(62); // (25 + 25 + 20×0.2 + 15×0.75 + 15×0.1875 + 10×0) / 110 = 61.9
    const onlyPyramid = evaluateAccounts(
      f.ctx({ period: '7' }, { JISOU_KPI_WEIGHT_RECENCY: '0', JISOU_KPI_WEIGHT_VIEWING: '0', JISOU_KPI_WEIGHT_AWARENESS: '0', JISOU_KPI_WEIGHT_TREND: '0', JISOU_KPI_WEIGHT_SIGNIN: '0' }),
      'alpha',
    );
    expect(onlyPyramid[0]!.health.score).toBe(20);
    expect(by('gamma').health.score).toBe(0);
  });

  it('alerts: onboarding with low viewing time, dormant, drop', () => {
    expect(by('alpha').alerts).toEqual([{ kind: 'drop', params: { percent: 63, current: 15, previous: 40 } }]);
    expect(by('beta').alerts).toEqual([]);
    expect(by('gamma').alerts).toEqual([{ kind: 'onboarding-low', params: { days: 21, minutes: 0, threshold: 60 } }]);
    expect(by('delta').alerts).toEqual([{ kind: 'dormant', params: { days: 82 } }]);
  });

  it('pyramid position needs every level below', () => {
    const lv = (v: number[][]) => v.map(([meantFor, viewed], i) => ({ level: i + 1, meantFor: meantFor!, viewed: viewed! }));
    expect(computePyramidPosition(lv([[2, 2], [3, 1], [1, 1]]), 60)).toBe(1);
    expect(computePyramidPosition(lv([[2, 2], [0, 0], [1, 1]]), 60)).toBe(3);
    expect(computePyramidPosition(lv([[5, 2]]), 60)).toBe(0);
  });
});

describe('content volume', () => {
  it('counts CJK per character with code, markup, images and comments excluded', () => {
    const v = getContentVolume(f.ctx());
    const expected = Object.values(BODIES).reduce((s, [, n]) => s + n, 0);
    expect(v.total.characters).toBe(expected);
    expect(v.byType.manual!.characters).toBe(BODIES.m1![1] + BODIES.m2![1]);
    expect(v.byType.webinar).toEqual({ items: 1, characters: 6, videoMinutes: 30 });
    expect(v.byLevel[1]!.characters).toBe(32);
    expect(v.target).toBe(30_000);
    expect(v.thinLevels[0]).toMatchObject({ locale: 'ja', level: 3, characters: 0, missing: 6000 });
    expect(v.thinTopics.map((t) => [t.topic, t.characters])).toEqual([['video', 8], ['setup', 32]]);
    // published by the end of the previous period (11-15): only the two manuals
    expect(v.charactersAtPreviousEnd).toBe(32);
    expect(v.charactersAtEnd).toBe(expected);
  });
});
