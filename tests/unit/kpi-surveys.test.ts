import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNpsBySegment, getSurveyResponseRates } from '../../src/lib/server/kpi/get-survey-results.ts';
import type { Survey } from '../../src/schemas/survey.ts';
import { createFixture } from '../support/kpi-fixture.ts';

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

  it('NPS by segment from each person\'s latest answer of the last 365 days', () => {
    const rows = Object.fromEntries(getNpsBySegment(f.ctx()).map((r) => [r.segment, r]));
    expect(rows.high).toEqual({ segment: 'high', answers: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 }); // a1: 9 (the 3 is older)
    expect(rows.tech).toEqual({ segment: 'tech', answers: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 }); // b1: 5; d1 too old
    expect(rows.low).toEqual({ segment: 'low', answers: 0, promoters: 0, passives: 0, detractors: 0, nps: null });
  });
});
