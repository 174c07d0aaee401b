// The roadmap and pyramid queries on a seeded SQLite file: content actions recomputed from tracking and
// stored with their time, event actions from attendance, the staff override, the alert, the overview, and
// pyramid levels 4–5 reached by taking part rather than by reading.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, later, NOW, settings, type Fixture } from '../support/kpi-fixture.ts';
import { markTrackingActivity, takeTrackingTurn } from '../../src/lib/server/tracking/activity-epoch.ts';
import { createKpiContent, type KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';
import type { KpiContext } from '../../src/lib/server/kpi/kpi-context.ts';
import { resolvePeriod } from '../../src/lib/server/kpi/period.ts';
import { getAccountRoadmaps } from '../../src/lib/server/roadmaps/get-account-roadmaps.ts';
import { getRoadmapOverview } from '../../src/lib/server/roadmaps/get-roadmap-overview.ts';
import { findOverdueRoadmapActions } from '../../src/lib/server/roadmaps/find-overdue-roadmap-actions.ts';
import { setAccountRoadmap } from '../../src/lib/server/roadmaps/set-account-roadmap.ts';
import { tickRoadmapAction } from '../../src/lib/server/roadmaps/tick-roadmap-action.ts';
import { getPyramidAchievements } from '../../src/lib/server/events/get-pyramid-achievements.ts';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import type { RoadmapPlan } from '../../src/lib/server/roadmaps/roadmap-plan.ts';

const item = (key: string, type: KpiItem['type'], level: KpiItem['level'], extra: Partial<KpiItem> = {}): KpiItem => ({
  key, type, level, audience: 'customers', title: key, locales: ['ja'], publishedAt: new Date('2026-01-01'), tags: [], refs: [], videoMinutes: 0, ...extra,
});
const plan = (key: string, isDefault: boolean, audience: RoadmapPlan['audience'] = 'customers'): RoadmapPlan => ({
  key, title: key, audience, isDefault,
  stages: [
    { vendorTitle: 'Onboard', customerTitle: 'Week 1', dueDay: 7, actions: [
      { id: 'read-manuals', title: 'Read', actor: 'customer', done: 'content', items: ['m1', 'm2'] },
      { id: 'invite', title: 'Invite', actor: 'customer-admin', done: 'confirm', items: [] },
    ] },
    { vendorTitle: 'Community', customerTitle: 'Meet others', dueDay: 400, actions: [{ id: 'meetup', title: 'Meetup', actor: 'customer', done: 'event', items: [] }] },
  ],
});
const content = createKpiContent([
  item('m1', 'manual', 1), item('m2', 'manual', 1),
  item('a4', 'article', 4), // community article: reading it must not climb
  item('road-main', 'roadmap', 1, { roadmap: plan('road-main', true) }),
  item('road-high', 'roadmap', 1, { roadmap: plan('road-high', false, { segments: ['high'], plans: [] }) }),
  item('ev-meetup', 'announcement', 4, { event: { startsAt: new Date('2026-10-22T09:30:00Z'), endsAt: new Date('2026-10-22T11:30:00Z'), place: 'Tokyo' } }),
]);
const TODAY = '2026-11-22';

let f: Fixture;
let ctx: () => KpiContext;
beforeEach(() => {
  f = createFixture();
  const s = settings();
  ctx = () => ({ db: f.db.$client, content, settings: s, periods: resolvePeriod({ period: '30' }, s.timeZone, NOW) });
});
afterEach(() => f.close());

describe('account roadmaps', () => {
  it('applies the roadmap by segment, else the default; content done from tracking is stored with the last engagement', () => {
    const all = getAccountRoadmaps(f.db.$client, content, { today: TODAY });
    const by = (id: string) => all.find((r) => r.account.id === id)!;
    expect(by('alpha')).toMatchObject({ why: 'audience', progress: { roadmapKey: 'road-high' } });
    expect(by('beta')).toMatchObject({ why: 'default', progress: { roadmapKey: 'road-main' } });
    // alpha engaged with m1 (11-16 01:10Z) and m2 (11-10 01:30Z): done at the later one.
    const read = by('alpha').progress.stages[0]!.actions[0]!;
    expect(read).toMatchObject({ state: 'done', record: { how: 'content', at: Date.parse('2026-11-16T01:10:00Z'), by: null } });
    expect(f.db.$client.prepare(`SELECT how, done_at AS at FROM roadmap_progress WHERE account_id = 'alpha'`).all()).toEqual([{ how: 'content', at: Date.parse('2026-11-16T01:10:00Z') }]);
    // beta only viewed m1 (no engagement): not done, and overdue (contract 2026-01-01 + 7 days).
    expect(by('beta').progress.stages[0]!.actions.map((a) => a.state)).toEqual(['overdue', 'overdue']);
    // gamma's contract started 11-01: due 11-08, so overdue too; percent and current stage.
    expect(by('gamma').progress).toMatchObject({ currentStage: 0, percent: 0, done: 0, total: 3 });
  });

  it('attendance completes an event action; a staff override switches the roadmap (audited)', () => {
    f.db.$client.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES ('ev-meetup', 'b1', 'beta', 'csv', 's1', ?)`).run(Date.parse('2026-10-22T12:00:00Z'));
    const beta = getAccountRoadmaps(f.db.$client, content, { today: TODAY, accountId: 'beta' })[0]!;
    expect(beta.progress.stages[1]!.actions[0]).toMatchObject({ state: 'done', record: { how: 'event' } });
    expect(setAccountRoadmap(f.db.$client, content, 's1', 'beta', { roadmap: 'road-high' })).toEqual({ ok: true });
    expect(getAccountRoadmaps(f.db.$client, content, { today: TODAY, accountId: 'beta' })[0]).toMatchObject({ why: 'override', progress: { roadmapKey: 'road-high' } });
    expect(setAccountRoadmap(f.db.$client, content, 's1', 'beta', { roadmap: 'nope' })).toMatchObject({ ok: false, status: 400 });
    expect(f.db.$client.prepare(`SELECT action, detail FROM audit_log WHERE action = 'roadmap.override'`).all()).toEqual([{ action: 'roadmap.override', detail: '{"roadmap":"road-high"}' }]);
  });

  it('ticking: the right actor of the right account only, with who, when and the note; audited', () => {
    const admin = { userId: 'a1', role: 'customer-admin' as const, accountId: 'alpha' };
    const customer = { userId: 'a2', role: 'customer' as const, accountId: 'alpha' };
    const fields = { account: 'alpha', action: 'invite', note: '5名招待' };
    expect(tickRoadmapAction(f.db.$client, content, customer, fields, TODAY, NOW)).toMatchObject({ ok: false, status: 403, code: 'wrong_actor' });
    expect(tickRoadmapAction(f.db.$client, content, { ...admin, accountId: 'beta' }, fields, TODAY, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(tickRoadmapAction(f.db.$client, content, admin, { ...fields, action: 'read-manuals' }, TODAY, NOW)).toMatchObject({ ok: false, status: 409, code: 'not_confirm' });
    expect(tickRoadmapAction(f.db.$client, content, admin, { account: 'alpha', action: 'meetup' }, TODAY, NOW)).toMatchObject({ ok: false, status: 409, code: 'not_confirm' });
    expect(f.db.$client.prepare(`SELECT count(*) AS n FROM roadmap_progress WHERE how = 'confirm'`).get()).toEqual({ n: 0 });
    expect(tickRoadmapAction(f.db.$client, content, admin, fields, TODAY, NOW)).toEqual({ ok: true, accountId: 'alpha' });
    const alpha = getAccountRoadmaps(f.db.$client, content, { today: TODAY, accountId: 'alpha' })[0]!;
    expect(alpha.progress.stages[0]!.actions[1]).toMatchObject({ state: 'done', record: { how: 'confirm', at: NOW, by: 'a1', byName: 'A One', note: '5名招待' } });
    expect(alpha.progress.currentStage).toBe(1);
    expect(tickRoadmapAction(f.db.$client, content, admin, { ...fields, intent: 'untick' }, TODAY, NOW)).toEqual({ ok: true, accountId: 'alpha' });
    expect(f.db.$client.prepare(`SELECT action FROM audit_log WHERE action LIKE 'roadmap.%' ORDER BY id`).all()).toEqual([{ action: 'roadmap.tick' }, { action: 'roadmap.untick' }]);
  });

  // Dashboards share one evaluation of every account; its roadmap positions follow their own epoch (choices,
  // ticks, attendance) so a survey answer does not compute every position again, and a tick still shows at once.
  it('the shared evaluation shows a tick, an attendance and an override at once, and keeps its positions through an answer', () => {
    const roadmapOf = (id: string) => evaluateAccounts(ctx()).find((a) => a.id === id)!.roadmap!;
    roadmapOf('beta'); // the first evaluation stores the content actions it found done (alpha's), a roadmap write
    const before = roadmapOf('beta');
    expect(roadmapOf('beta')).toBe(before);
    expect(before.progress.stages[0]!.actions[1]!.state).not.toBe('done');
    f.db.$client.prepare(`INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, submitted_at, created_at, updated_at) VALUES ('onboarding-day30', 0, 'b1', 'beta', '{}', ?, 0, 0)`).run(NOW - 3_600_000);
    expect(roadmapOf('beta')).toBe(before);
    expect(tickRoadmapAction(f.db.$client, content, { userId: 'b1', role: 'customer-admin', accountId: 'beta' }, { account: 'beta', action: 'invite' }, TODAY, NOW)).toEqual({ ok: true, accountId: 'beta' });
    expect(roadmapOf('beta').progress.stages[0]!.actions[1]!.state).toBe('done');
    f.db.$client.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES ('ev-meetup', 'b1', 'beta', 'csv', 's1', ?)`).run(Date.parse('2026-10-22T12:00:00Z'));
    expect(roadmapOf('beta').progress.stages[1]!.actions[0]!.state).toBe('done');
    expect(setAccountRoadmap(f.db.$client, content, 's1', 'beta', { roadmap: 'road-high' })).toEqual({ ok: true });
    expect(roadmapOf('beta')).toMatchObject({ why: 'override', progress: { roadmapKey: 'road-high' } });
  });

  it('under live tracking only the accounts whose awareness rows changed get a new position', () => {
    const roadmapOf = (id: string) => evaluateAccounts(ctx()).find((a) => a.id === id)!.roadmap!;
    roadmapOf('beta'); // stores alpha's content action done (a roadmap write: the next read computes all again)
    later();
    const alpha = roadmapOf('alpha');
    expect(roadmapOf('beta').progress.stages[0]!.actions[0]!.state).not.toBe('done');
    // beta engages with both manuals, marked with a tracking turn as the tracking writer marks its rows.
    const c = f.db.$client;
    const turn = takeTrackingTurn(c);
    const engaged = Date.parse('2026-11-20T01:00:00Z');
    c.prepare(`UPDATE tracking_account_awareness SET first_engaged_at = ?, change_seq = ? WHERE account_id = 'beta' AND content_key = 'm1'`).run(engaged, turn);
    c.prepare(`INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at, change_seq) VALUES ('beta', 'm2', NULL, ?, ?, ?)`).run(engaged, engaged, turn);
    markTrackingActivity(c);
    later();
    const after = evaluateAccounts(ctx());
    expect(after.find((a) => a.id === 'beta')!.roadmap!.progress.stages[0]!.actions[0]!).toMatchObject({ state: 'done', record: { how: 'content', at: engaged } });
    // alpha's rows did not change: in the same evaluation its position is the one computed before.
    expect(after.find((a) => a.id === 'alpha')!.roadmap).toBe(alpha);
  });

  it('under live tracking the accounts whose rows changed keep their ticks, attendance and chosen roadmap (read for them only)', () => {
    const c = f.db.$client;
    expect(tickRoadmapAction(c, content, { userId: 'b1', role: 'customer-admin', accountId: 'beta' }, { account: 'beta', action: 'invite' }, TODAY, NOW)).toEqual({ ok: true, accountId: 'beta' });
    c.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES ('ev-meetup', 'c1', 'gamma', 'csv', 's1', ?)`).run(Date.parse('2026-10-22T12:00:00Z'));
    expect(setAccountRoadmap(c, content, 's1', 'gamma', { roadmap: 'road-high' })).toEqual({ ok: true });
    const evaluated = () => new Map(evaluateAccounts(ctx()).map((a) => [a.id, a.roadmap!]));
    evaluated(); // stores alpha's content action done (a roadmap write: the next read computes all again)
    later();
    const before = evaluated();
    // beta and gamma engage with both manuals in one tracking turn.
    const turn = takeTrackingTurn(c);
    const engaged = Date.parse('2026-11-20T01:00:00Z');
    const upsert = c.prepare(`INSERT INTO tracking_account_awareness (account_id, content_key, first_view_at, first_engaged_at, change_seq) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, content_key) DO UPDATE SET first_engaged_at = excluded.first_engaged_at, change_seq = excluded.change_seq`);
    for (const id of ['beta', 'gamma']) for (const key of ['m1', 'm2']) upsert.run(id, key, engaged, engaged, turn);
    markTrackingActivity(c);
    later();
    const after = evaluated();
    const actions = (id: string) => after.get(id)!.progress.stages.flatMap((st) => st.actions.map((a) => [a.id, a.state]));
    expect(actions('beta')).toEqual([['read-manuals', 'done'], ['invite', 'done'], ['meetup', expect.not.stringMatching(/^done$/)]]);
    expect(after.get('gamma')).toMatchObject({ why: 'override', progress: { roadmapKey: 'road-high' } });
    expect(actions('gamma')).toEqual([['read-manuals', 'done'], ['invite', expect.not.stringMatching(/^done$/)], ['meetup', 'done']]);
    expect(after.get('alpha')).toBe(before.get('alpha'));
    expect(after.get('delta')).toBe(before.get('delta'));
    expect(after.get('beta')).not.toBe(before.get('beta'));
  });

  it('overdue actions for the alert and the plays trigger, and the cross-account overview', () => {
    const late = findOverdueRoadmapActions(f.db.$client, content, TODAY, 7);
    // gamma: due 11-08, 14 days late; beta and delta long overdue (delta's meetup too: 2025-01-01 + 400 days);
    // alpha's invite too (due 2026-01-08).
    expect(late.map((l) => [l.accountId, l.actions.map((a) => a.id)])).toEqual([
      ['alpha', ['invite']], ['beta', ['read-manuals', 'invite']], ['delta', ['read-manuals', 'invite', 'meetup']], ['gamma', ['read-manuals', 'invite']],
    ]);
    expect(findOverdueRoadmapActions(f.db.$client, content, '2026-11-15', 7).map((l) => l.accountId)).not.toContain('gamma');
    const overview = getRoadmapOverview(getAccountRoadmaps(f.db.$client, content, { today: TODAY }));
    const main = overview.find((o) => o.roadmapKey === 'road-main')!;
    expect(main).toMatchObject({ accounts: 3, finished: 0 });
    expect(main.stages[0]).toMatchObject({ accounts: 3, stalled: 3, stuckOn: { id: 'invite', accounts: 3 } });
    const alerts = evaluateAccounts(ctx()).find((a) => a.id === 'gamma')!.alerts;
    expect(alerts).toContainEqual({ kind: 'roadmap-overdue', params: { actions: 2, days: 14 } });
  });
});

describe('pyramid by doing', () => {
  const engage = (key: string) => f.db.$client.prepare(`INSERT OR REPLACE INTO tracking_account_awareness (account_id, content_key, first_view_at, first_engaged_at) VALUES ('alpha', ?, 1, ?)`).run(key, NOW - 86_400_000);
  it('reading the community article does not lift the account to level 4; attendance does; a presented success gives 5', () => {
    engage('a4');
    const position = () => evaluateAccounts(ctx()).find((a) => a.id === 'alpha')!.pyramidPosition;
    expect(position()).toBe(1); // levels 2–3 have nothing meant for it; level 4 read, but reading does not climb
    f.db.$client.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES ('ev-meetup', 'a2', 'alpha', 'web', 's1', ?)`).run(NOW - 1000);
    expect(position()).toBe(4);
    f.db.$client.prepare(`INSERT INTO account_success_marks (account_id, reason, marked_by, marked_at) VALUES ('alpha', 'Talk at the meetup', 's1', ?)`).run(NOW);
    expect(position()).toBe(5);
    expect(getPyramidAchievements(f.db.$client).get('alpha')).toEqual({ events: [{ eventKey: 'ev-meetup', at: NOW - 1000 }], presented: { kind: 'mark', title: 'Talk at the meetup', at: NOW } });
  });

  it('an accepted success story counts for level 5; without level 1 covered, attendance alone does not climb', () => {
    f.db.$client.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES ('ev-meetup', 'b1', 'beta', 'web', 's1', ?)`).run(NOW);
    f.db.$client.prepare(`INSERT INTO success_stories (id, account_id, user_id, kind, title, story, consent, status, reviewed_at, created_at, updated_at) VALUES ('s-1', 'beta', 'b1', 'talk', 'Our talk', 'x', 1, 'accepted', ?, 0, 0)`).run(NOW);
    expect(evaluateAccounts(ctx()).find((a) => a.id === 'beta')!.pyramidPosition).toBe(0);
    expect(getPyramidAchievements(f.db.$client).get('beta')!.presented).toEqual({ kind: 'talk', title: 'Our talk', at: NOW });
  });

  it('JISOU_KPI_PYRAMID_COMMUNITY_EVENTS=0 keeps the reading rule for portals without events', () => {
    engage('a4');
    const s = settings({ JISOU_KPI_PYRAMID_COMMUNITY_EVENTS: '0' });
    const c2: KpiContext = { db: f.db.$client, content, settings: s, periods: resolvePeriod({ period: '30' }, s.timeZone, NOW) };
    expect(evaluateAccounts(c2).find((a) => a.id === 'alpha')!.pyramidPosition).toBe(4);
  });
});

describe('survey trigger: after finishing a roadmap stage', () => {
  it('a survey with due.afterRoadmapStage is due only once the account finished that stage', async () => {
    const { findDueSurveys } = await import('../../src/lib/server/surveys/find-due-surveys.ts');
    const { countFinishedStages } = await import('../../src/lib/server/roadmaps/count-finished-stages.ts');
    const survey = { key: 'after-stage-1', title: { ja: 'a', en: 'a' }, audience: 'everyone' as const, due: { afterContractDays: 0, afterRoadmapStage: 1 }, closes: 'per-person' as const, draft: false, questions: [{ id: 'q', type: 'text' as const, text: { ja: 'q', en: 'q' } }] };
    const admin = { userId: 'a1', role: 'customer-admin' as const, accountId: 'alpha' };
    // The demo content's roadmaps apply here (the survey module reads the published content).
    const finished = countFinishedStages(f.db.$client, 'alpha', TODAY);
    expect(finished).toBe(0);
    expect(findDueSurveys(f.db, admin, NOW, [survey as never])).toEqual([]);
    // Stage 1 of the roadmap that applies to alpha (high touch: enterprise-rollout) done by hand.
    for (const id of ['design-kickoff', 'design-read-basics', 'design-approval']) {
      f.db.$client.prepare(`INSERT INTO roadmap_progress (account_id, roadmap_key, action_id, how, done_at) VALUES ('alpha', 'enterprise-rollout', ?, 'confirm', 1)`).run(id);
    }
    expect(countFinishedStages(f.db.$client, 'alpha', TODAY)).toBe(1);
    expect(findDueSurveys(f.db, admin, NOW, [survey as never]).map((d) => d.survey.key)).toEqual(['after-stage-1']);
  });
});
