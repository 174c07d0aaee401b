import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNpsBySegment, getSurveyResponseRates } from '../../src/lib/server/kpi/get-survey-results.ts';
import type { Survey } from '../../src/schemas/survey.ts';
import { createFixture, ITEMS } from '../support/kpi-fixture.ts';
import { createKpiContent, type KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';
import { toRoadmapPlan } from '../../src/lib/server/roadmaps/roadmap-plan.ts';

// Survey KPIs on the hand-countable world (today 2026-11-22): alpha and beta started 2026-01-01 (day 325),
// gamma 2026-11-01 (day 21), delta 2025-01-01 (day 690).
const f = createFixture();
afterAll(() => f.close());
const survey = (key: string, due: Survey['due'], closes: Survey['closes'] = 'per-person'): Survey => ({
  key, title: { ja: key, en: key }, audience: 'everyone', due, closes, draft: false, questions: [{ id: 'q', type: 'text', text: { ja: 'q', en: 'q' } }],
});
const at = (day: string) => Date.parse(`${day}T03:00:00Z`);

beforeAll(() => {
  const ins = f.db.$client.prepare('INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, 0)');
  ins.run('day30', 0, 'a1', 'alpha', '{}', null, at('2026-02-05'));
  ins.run('day30', 0, 'a2', 'alpha', '{}', null, at('2026-02-06'));
  ins.run('day30', 0, 'b1', 'beta', '{}', null, null); // saved, never submitted
  ins.run('nps', 1, 'a1', 'alpha', '{}', 3, at('2026-07-01')); // an earlier round, and replaced by a1's later answer
  ins.run('nps', 2, 'a1', 'alpha', '{}', 9, at('2026-10-01'));
  ins.run('nps', 2, 'b1', 'beta', '{}', 5, at('2026-10-02'));
  ins.run('nps', 0, 'd1', 'delta', '{}', 10, at('2025-04-05')); // more than 365 days ago
  ins.run('nps', 2, 'a2', 'alpha', '{}', 10, at('2026-11-23')); // after the period: not counted
});

describe('survey KPIs', () => {
  it('response rate: accounts with an answer to their current round, of the accounts a round is due for', () => {
    const rows = getSurveyResponseRates(f.ctx(), [survey('day30', { afterContractDays: 30 }), survey('nps', { afterContractDays: 90, repeatEveryDays: 90 })]);
    // day30: due for alpha, beta, delta (gamma is on day 21); alpha answered (twice, two people), beta only saved.
    expect(rows[0]).toMatchObject({ key: 'day30', accountsAsked: 3, accountsAnswered: 1, responseRatePercent: 33.3, answers: 2 });
    // nps: current round 2 for alpha and beta (day 325), 6 for delta; alpha and beta answered round 2.
    expect(rows[1]).toMatchObject({ key: 'nps', accountsAsked: 3, accountsAnswered: 2, responseRatePercent: 66.7, answers: 2 });
    const perAccount = getSurveyResponseRates(f.ctx(), [survey('day30', { afterContractDays: 30 }, 'per-account')]);
    expect(perAccount[0]).toMatchObject({ accountsAnswered: 1, answers: 1 });
  });

  it('a survey asked after a roadmap stage counts an account as asked only once it had finished that stage by the period\'s end', () => {
    // A default roadmap for every account: stage 1 = two confirm actions, stage 2 = one.
    const plan = toRoadmapPlan({
      key: 'rm', title: 'RM', audience: 'customers', default: true,
      stages: [
        { vendorTitle: 'S1', customerTitle: 'S1', dueDay: 7, actions: [{ id: 's1-a', title: 'a', actor: 'customer', done: 'confirm' }, { id: 's1-b', title: 'b', actor: 'csm', done: 'confirm' }] },
        { vendorTitle: 'S2', customerTitle: 'S2', dueDay: 30, actions: [{ id: 's2-a', title: 'c', actor: 'customer', done: 'confirm' }] },
      ],
    } as Parameters<typeof toRoadmapPlan>[0]);
    const roadmap: KpiItem = { key: 'rm', type: 'roadmap', level: 1, audience: 'customers', title: 'RM', locales: ['ja'], publishedAt: new Date('2026-01-01'), tags: [], refs: [], videoMinutes: 0, roadmap: plan };
    const tick = f.db.$client.prepare(`INSERT INTO roadmap_progress (account_id, roadmap_key, action_id, how, done_at, done_by) VALUES (?, 'rm', ?, 'confirm', ?, NULL)`);
    // alpha finished stage 1 on 11-01 (its second action then); gamma on 11-10; beta's last step came at
    // 00:00 on 11-23 in Tokyo, after the period (ends 11-22); delta has one step of stage 1 open.
    tick.run('alpha', 's1-a', at('2026-10-20'));
    tick.run('alpha', 's1-b', at('2026-11-01'));
    tick.run('gamma', 's1-a', at('2026-11-05'));
    tick.run('gamma', 's1-b', at('2026-11-10'));
    tick.run('beta', 's1-a', at('2026-11-02'));
    tick.run('beta', 's1-b', Date.parse('2026-11-22T15:00:00Z'));
    tick.run('delta', 's1-a', at('2026-06-01'));
    const ins = f.db.$client.prepare('INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, 0, ?, ?, \'{}\', NULL, 0, ?, 0, 0)');
    ins.run('after-s1', 'a1', 'alpha', at('2026-11-03'));
    ins.run('after-s2', 'a1', 'alpha', at('2026-11-04')); // stage 2 is nobody's yet: an answer does not make it asked
    const ctx = { ...f.ctx(), content: createKpiContent([...ITEMS, roadmap]) };
    const [s1, s2, plain] = getSurveyResponseRates(ctx, [
      survey('after-s1', { afterContractDays: 0, afterRoadmapStage: 1 }),
      survey('after-s2', { afterContractDays: 0, afterRoadmapStage: 2 }),
      survey('no-stage', { afterContractDays: 0 }),
    ]);
    // Asked: alpha and gamma (2); answered: alpha (1) → 50 %. Counting every account past day 0 would say 1 of 4.
    expect(s1).toMatchObject({ key: 'after-s1', accountsAsked: 2, accountsAnswered: 1, responseRatePercent: 50, answers: 1 });
    expect(s2).toMatchObject({ key: 'after-s2', accountsAsked: 0, accountsAnswered: 0, responseRatePercent: null, answers: 0 });
    // Without the stage condition every account past day 0 is asked.
    expect(plain).toMatchObject({ accountsAsked: 4, accountsAnswered: 0 });
  });

  it('NPS by segment from each person\'s latest answer of the last 365 days', () => {
    const rows = Object.fromEntries(getNpsBySegment(f.ctx()).map((r) => [r.segment, r]));
    expect(rows.high).toEqual({ segment: 'high', answers: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 }); // a1: 9 (the 3 is older)
    expect(rows.tech).toEqual({ segment: 'tech', answers: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 }); // b1: 5; d1 too old
    expect(rows.low).toEqual({ segment: 'low', answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null });
  });
});
