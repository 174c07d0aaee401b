import { afterAll, describe, expect, it, vi } from 'vitest';
import { computeStage, computeStageBySurveys, type StageInput } from '../../src/lib/server/health/compute-stage.ts';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { getAccountVoice, netPromoterScore } from '../../src/lib/server/kpi/get-account-voice.ts';
import { surveyRound, roundStartDay } from '../../src/lib/server/surveys/survey-round.ts';
import { FULL_READ_MS } from '../../src/lib/server/kpi/changed-rows.ts';
import { UNTRACKED_MS } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { createFixture, later, settings } from '../support/kpi-fixture.ts';

// Stage rules as CS launch guides define them (preset `surveys`), with hand-made dates; today = 2026-11-22.
const TODAY = '2026-11-22';
const s = settings(); // JISOU_KPI_STAGE_SEVERAL_SURVEYS=2, JISOU_KPI_STAGE_SILENT_MONTHS=3 (90 days)
const account = (x: Partial<StageInput>): StageInput => ({
  slug: 'x', name: 'X 株式会社', contractStart: '2026-06-01', lastActiveDay: null, pyramidPosition: 0, people: 3, activeUsers30: 0,
  surveysAnswered: 0, lastSurveyDay: null, consent: false, lastSignInDay: '2026-11-20', ...x,
});
const stage = (x: Partial<StageInput>, names = new Set<string>()) => computeStageBySurveys(account(x), TODAY, names, s);

describe('stage rules `surveys` (A–E)', () => {
  it('D: contracted, before the first survey', () => expect(stage({})).toEqual({ stage: 'D', reason: 'contracted' }));
  it('C: the first survey answered, the second not yet', () => expect(stage({ surveysAnswered: 1, lastSurveyDay: '2026-10-01' })).toEqual({ stage: 'C', reason: 'survey-first' }));
  it('B: several surveys answered, not willing to be a case', () => expect(stage({ surveysAnswered: 2, lastSurveyDay: '2026-10-01' })).toEqual({ stage: 'B', reason: 'surveys-several' }));
  it('A: several surveys and a yes to the consent question', () => expect(stage({ surveysAnswered: 3, lastSurveyDay: '2026-10-01', consent: true })).toEqual({ stage: 'A', reason: 'willing' }));
  it('A: several surveys and named in a case study (consent not needed then)', () =>
    expect(stage({ surveysAnswered: 2, lastSurveyDay: '2026-10-01' }, new Set(['x']))).toEqual({ stage: 'A', reason: 'willing' }));
  it('consent with only one survey is still C (several are needed)', () => expect(stage({ surveysAnswered: 1, lastSurveyDay: '2026-10-01', consent: true }).stage).toBe('C'));

  describe('E: no survey and no sign-in for 3 months (90 days) since the contract or the last survey', () => {
    it('exactly 90 days since the contract, never signed in → E', () => expect(stage({ contractStart: '2026-08-24', lastSignInDay: null })).toEqual({ stage: 'E', reason: 'silent' }));
    it('89 days since the contract, never signed in → still D', () => expect(stage({ contractStart: '2026-08-25', lastSignInDay: null }).stage).toBe('D'));
    it('a sign-in 89 days ago keeps the account out of E', () => expect(stage({ contractStart: '2026-01-01', lastSignInDay: '2026-08-25' }).stage).toBe('D'));
    it('a sign-in exactly 90 days ago does not', () => expect(stage({ contractStart: '2026-01-01', lastSignInDay: '2026-08-24' }).stage).toBe('E'));
    it('counted from the last survey when it is later than the contract', () => {
      expect(stage({ contractStart: '2025-01-01', surveysAnswered: 2, lastSurveyDay: '2026-09-01', lastSignInDay: null }).stage).toBe('B');
      expect(stage({ contractStart: '2025-01-01', surveysAnswered: 2, lastSurveyDay: '2026-08-24', lastSignInDay: null }).stage).toBe('E');
    });
    it('E comes before A (a silent account is not presenting its success)', () =>
      expect(stage({ contractStart: '2025-01-01', surveysAnswered: 4, lastSurveyDay: '2026-01-01', consent: true, lastSignInDay: '2026-02-01' }).stage).toBe('E'));
  });

  it('the number of surveys that count as "several" comes from config', () => {
    const three = settings({ JISOU_KPI_STAGE_SEVERAL_SURVEYS: '3' });
    expect(computeStageBySurveys(account({ surveysAnswered: 2, lastSurveyDay: '2026-10-01' }), TODAY, new Set(), three).stage).toBe('C');
  });
});

describe('stage rules `viewing`: sign-ins count for dormancy', () => {
  const v = settings({ JISOU_KPI_STAGE_RULES: 'viewing' });
  it('no viewing for 40 days but a sign-in 5 days ago is not dormant', () => {
    expect(computeStage(account({ contractStart: '2025-01-01', lastActiveDay: '2026-10-13', lastSignInDay: '2026-11-17', pyramidPosition: 1 }), TODAY, new Set(), v).stage).toBe('C');
    expect(computeStage(account({ contractStart: '2025-01-01', lastActiveDay: '2026-10-13', lastSignInDay: '2026-10-13', pyramidPosition: 1 }), TODAY, new Set(), v).stage).toBe('E');
  });
});

describe('survey rounds', () => {
  it('due from the day after the contract days, then once per repetition', () => {
    const nps = { due: { afterContractDays: 90, repeatEveryDays: 90 } };
    expect(surveyRound(nps, '2026-01-01', '2026-03-31')).toBeNull(); // day 89
    expect(surveyRound(nps, '2026-01-01', '2026-04-01')).toBe(0); // day 90
    expect(surveyRound(nps, '2026-01-01', '2026-06-29')).toBe(0); // day 179
    expect(surveyRound(nps, '2026-01-01', '2026-06-30')).toBe(1); // day 180
    expect(roundStartDay(nps, '2026-01-01', 1)).toBe('2026-06-30');
    expect(surveyRound({ due: { afterContractDays: 30 } }, '2026-01-01', '2027-01-01')).toBe(0);
  });
});

describe('what accounts told us, from the database', () => {
  const f = createFixture();
  afterAll(() => {
    vi.useRealTimers();
    f.close();
  });
  it('counts answered rounds per account, the last survey day, consent and the last sign-in; drafts do not count', () => {
    const c = f.db.$client;
    const ins = c.prepare('INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)');
    ins.run('onboarding-day30', 0, 'a1', 'alpha', '{}', null, 0, Date.parse('2026-02-01T01:00:00Z'));
    ins.run('onboarding-day30', 0, 'a2', 'alpha', '{}', null, 0, Date.parse('2026-02-02T01:00:00Z')); // same round: counted once
    ins.run('quarterly-nps', 0, 'a1', 'alpha', '{}', 9, 0, Date.parse('2026-04-05T01:00:00Z'));
    ins.run('success-story', 0, 'a1', 'alpha', '{}', null, 1, Date.parse('2026-11-20T01:00:00Z'));
    ins.run('quarterly-nps', 0, 'b1', 'beta', '{}', 3, 0, null); // saved, not submitted
    c.prepare("UPDATE users SET last_sign_in_at = ? WHERE id = 'b1'").run(Date.parse('2026-11-10T03:00:00Z'));
    const voice = getAccountVoice(f.ctx());
    expect(voice('alpha')).toEqual({ surveysAnswered: 3, lastSurveyDay: '2026-11-20', consent: true, lastSignInDay: null, nps: 100, npsAnswers: 1 });
    expect(voice('beta')).toEqual({ surveysAnswered: 0, lastSurveyDay: null, consent: false, lastSignInDay: '2026-11-10', nps: null, npsAnswers: 0 });
    const stages = Object.fromEntries(evaluateAccounts(f.ctx()).map((a) => [a.id, a.stage]));
    expect(stages.alpha).toMatchObject({ stage: 'A', reason: 'willing', rules: 'surveys', facts: { surveysAnswered: 3, lastSurveyDay: '2026-11-20' } });
    expect(stages.beta).toMatchObject({ stage: 'D', reason: 'contracted' });
    // delta: contract 2025-01-01, no survey, nobody ever signed in.
    expect(stages.delta).toMatchObject({ stage: 'E', reason: 'silent' });
    // What they said and sign-ins are health components: alpha's NPS 100 → 1; beta signed in 12 days ago → 1 − 12/60.
    const health = Object.fromEntries(evaluateAccounts(f.ctx()).map((a) => [a.id, Object.fromEntries(a.health.components.map((c) => [c.name, c.value]))]));
    expect(health.alpha).toMatchObject({ nps: 1, signin: 0 });
    expect(health.beta).toMatchObject({ signin: 1 - 12 / 60 });
    expect(health.beta!.nps).toBeUndefined();
  });

  it('follows sign-ins as they are written, a person moved to another account at once, and a time set back by hand at the next whole read', () => {
    // Far from the reads above: each step below lets the 2-s reuse of recent reads pass (a sign-in moves the tracking activity).
    later(5 * UNTRACKED_MS);
    const c = f.db.$client;
    const signIn = (id: string, at: string) => {
      c.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(Date.parse(at), id);
      later();
    };
    const day = (id: string) => getAccountVoice(f.ctx())(id).lastSignInDay;
    signIn('a2', '2026-11-12T03:00:00Z');
    expect([day('alpha'), day('beta')]).toEqual(['2026-11-12', '2026-11-10']);
    signIn('b1', '2026-11-18T03:00:00Z');
    expect([day('alpha'), day('beta')]).toEqual(['2026-11-12', '2026-11-18']);
    signIn('a1', '2026-11-19T03:00:00Z');
    expect([day('alpha'), day('beta')]).toEqual(['2026-11-19', '2026-11-18']);
    // After the period's end: taken as its last day.
    signIn('a2', '2026-11-25T03:00:00Z');
    expect(day('alpha')).toBe('2026-11-22');
    // A sign-in stamped a little before the latest one seen that commits after it (another instance, a slow password check).
    signIn('b1', '2026-11-25T02:59:00Z');
    expect(day('beta')).toBe('2026-11-22');
    // b1 moves to alpha: beta has nobody who signed in, at once.
    c.prepare("UPDATE users SET account_id = 'alpha' WHERE id = 'b1'").run();
    expect(day('beta')).toBeNull();
    c.prepare("UPDATE users SET account_id = 'beta' WHERE id = 'b1'").run();
    expect(day('beta')).toBe('2026-11-22');
    // A time set back by hand (nothing the portal writes) shows once everything is read again.
    signIn('b1', '2026-11-05T03:00:00Z');
    later(FULL_READ_MS);
    expect(day('beta')).toBe('2026-11-05');
  });

  it('NPS: promoters 9–10 minus detractors 0–6, in percent of the answers', () => {
    expect(netPromoterScore([10, 9, 8, 7, 6, 0])).toBe(0); // 2 − 2 of 6
    expect(netPromoterScore([10, 10, 9, 3])).toBe(50);
    expect(netPromoterScore([7, 8])).toBe(0);
    expect(netPromoterScore([5, 9, 9])).toBe(33.3);
    expect(netPromoterScore([])).toBeNull();
  });
});
