// Roadmap progress by hand-made dates: done / next / overdue / later, the current stage, percent, the
// alert's grace days, which roadmap applies, who may tick, and v1 files read as plans.
import { describe, expect, it } from 'vitest';
import { computeRoadmapProgress, overdueBy, type DoneRecord } from '../../src/lib/server/roadmaps/compute-roadmap-progress.ts';
import { chooseRoadmap } from '../../src/lib/server/roadmaps/choose-roadmap.ts';
import { dueDayOfPeriod, toRoadmapPlan, type RoadmapPlan } from '../../src/lib/server/roadmaps/roadmap-plan.ts';
import { mayTick } from '../../src/lib/server/roadmaps/tick-roadmap-action.ts';
import { roadmapSchema } from '../../src/schemas/roadmap.ts';

const plan: RoadmapPlan = {
  key: 'r', title: 'R', audience: 'customers', isDefault: true,
  stages: [
    { vendorTitle: 'Onboard', customerTitle: 'Week 1', dueDay: 7, actions: [
      { id: 'read', title: 'Read', actor: 'customer', done: 'content', items: ['m1'] },
      { id: 'invite', title: 'Invite', actor: 'customer-admin', done: 'confirm', items: [] },
    ] },
    { vendorTitle: 'Adopt', customerTitle: 'Month 1', dueDay: 30, actions: [
      { id: 'review', title: 'Review', actor: 'csm', done: 'confirm', items: [] },
      { id: 'meetup', title: 'Meetup', actor: 'customer', done: 'event', items: [] },
    ] },
  ],
};
const rec = (at = 1): DoneRecord => ({ how: 'confirm', at, by: 'u' });

describe('roadmap progress', () => {
  it('a new account: stage 1 actions are next, stage 2 later, nothing overdue before the due day', () => {
    const p = computeRoadmapProgress(plan, '2026-11-01', '2026-11-08', new Map());
    expect(p.currentStage).toBe(0);
    expect(p.stages[0]!.dueDate).toBe('2026-11-08');
    expect(p.stages[0]!.actions.map((a) => a.state)).toEqual(['next', 'next']);
    expect(p.stages[1]!.actions.map((a) => a.state)).toEqual(['later', 'later']);
    expect(p.overdue).toEqual([]);
    expect(p.percent).toBe(0);
  });

  it('the day after the due date, what is not done is overdue; done actions are never overdue', () => {
    const p = computeRoadmapProgress(plan, '2026-11-01', '2026-11-09', new Map([['read', rec()]]));
    expect(p.stages[0]!.actions.map((a) => a.state)).toEqual(['done', 'overdue']);
    expect(p.overdue.map((a) => a.id)).toEqual(['invite']);
    expect(p.percent).toBe(25);
    expect(p.stages[0]!.state).toBe('current');
  });

  it('a finished stage moves the account on; all done = stages.length and 100 %', () => {
    const p = computeRoadmapProgress(plan, '2026-11-01', '2026-11-20', new Map([['read', rec()], ['invite', rec()]]));
    expect(p.currentStage).toBe(1);
    expect(p.stages[0]!.state).toBe('done');
    expect(p.stages[1]!.actions.map((a) => a.state)).toEqual(['next', 'next']);
    const all = computeRoadmapProgress(plan, '2026-11-01', '2027-01-01', new Map(['read', 'invite', 'review', 'meetup'].map((k) => [k, rec()])));
    expect(all.currentStage).toBe(2);
    expect(all.percent).toBe(100);
  });

  it('the alert counts only actions overdue by the grace days', () => {
    const p = computeRoadmapProgress(plan, '2026-11-01', '2026-11-15', new Map([['read', rec()]]));
    expect(overdueBy(p, '2026-11-15', 7).map((a) => a.id)).toEqual([]); // due 11-08, 7 days grace: not before 11-16
    expect(overdueBy(p, '2026-11-16', 7).map((a) => a.id)).toEqual(['invite']);
    expect(overdueBy(p, '2026-11-09', 0).map((a) => a.id)).toEqual(['invite']);
  });

  it('a stage without a due day is never overdue', () => {
    const open = { ...plan, stages: [{ ...plan.stages[0]!, dueDay: null }] };
    expect(computeRoadmapProgress(open, '2020-01-01', '2026-11-20', new Map()).overdue).toEqual([]);
  });
});

describe('roadmap files', () => {
  const base = { key: 'road-1', title: 'R1', description: 'd', publishedAt: '2026-01-01' };
  it('v1 files stay valid and read as one content action per stage, due by their period', () => {
    const v1 = roadmapSchema.parse({ ...base, stages: [{ title: 'Week 1', period: 'week-1', items: ['getting-started'] }, { title: 'Later', period: 'someday', items: ['x-a-b'] }] });
    const p = toRoadmapPlan(v1);
    expect(p.stages[0]).toMatchObject({ vendorTitle: 'Week 1', customerTitle: 'Week 1', dueDay: 7, actions: [{ id: 'stage-1', actor: 'customer', done: 'content', items: ['getting-started'] }] });
    expect(p.stages[1]!.dueDay).toBeNull();
    expect([dueDayOfPeriod('month-3'), dueDayOfPeriod('week-2'), dueDayOfPeriod('day-10'), dueDayOfPeriod(undefined)]).toEqual([90, 14, 10, null]);
  });

  it('v2 refuses a stage without both titles, a content action without items, an event key on a confirm action, a reused action id', () => {
    const stage = { vendorTitle: 'V', customerTitle: 'C', dueDay: 7, actions: [{ id: 'a-1', title: 'A', actor: 'customer', done: 'confirm' }] };
    expect(roadmapSchema.safeParse({ ...base, stages: [stage] }).success).toBe(true);
    const issues = (stages: unknown[]) => roadmapSchema.safeParse({ ...base, stages }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues([{ ...stage, customerTitle: undefined }])[0]).toMatch(/customerTitle: a stage needs `title` \(v1\) or both/);
    expect(issues([{ ...stage, actions: [{ id: 'a-1', title: 'A', actor: 'customer', done: 'content' }] }])[0]).toMatch(/items: an action with `done: content` needs/);
    expect(issues([{ ...stage, actions: [{ id: 'a-1', title: 'A', actor: 'csm', done: 'confirm', event: 'ev-1' }] }])[0]).toMatch(/event: `event` is only allowed with `done: event`/);
    expect(issues([{ ...stage, actions: [{ id: 'a-1', title: 'A', actor: 'boss', done: 'confirm' }] }])[0]).toMatch(/actor/);
    expect(issues([stage, stage])[0]).toMatch(/stages.1.actions.0.id: the action id "a-1" is used twice/);
  });
});

describe('which roadmap applies', () => {
  const p = (key: string, audience: RoadmapPlan['audience'], isDefault = false): RoadmapPlan => ({ key, title: key, audience, isDefault, stages: [] });
  const plans = [p('tech-touch', 'public', true), p('enterprise', { segments: ['high'], plans: ['enterprise'] })];
  it('staff override, else a roadmap meant for the segment or plan, else the default', () => {
    expect(chooseRoadmap(plans, { segment: 'high', plan: 'starter' })).toMatchObject({ plan: { key: 'enterprise' }, why: 'audience' });
    expect(chooseRoadmap(plans, { segment: 'low', plan: 'enterprise' })).toMatchObject({ plan: { key: 'enterprise' }, why: 'audience' });
    expect(chooseRoadmap(plans, { segment: 'tech', plan: 'starter' })).toMatchObject({ plan: { key: 'tech-touch' }, why: 'default' });
    expect(chooseRoadmap(plans, { segment: 'high', plan: 'enterprise' }, 'tech-touch')).toMatchObject({ plan: { key: 'tech-touch' }, why: 'override' });
    // A removed roadmap in the override falls back to the rule.
    expect(chooseRoadmap(plans, { segment: 'high', plan: 'enterprise' }, 'gone')).toMatchObject({ why: 'audience' });
    expect(chooseRoadmap([plans[1]!], { segment: 'tech', plan: 'starter' })).toBeNull();
  });
});

describe('who may tick', () => {
  const acct = { id: 'acme', csmUserId: 'csm-1' };
  it('customers their account\'s customer actions, admins also admin actions, the CSM csm actions, staff vendor actions', () => {
    const customer = { userId: 'u', role: 'customer' as const, accountId: 'acme' };
    const admin = { userId: 'a', role: 'customer-admin' as const, accountId: 'acme' };
    expect(mayTick(customer, 'customer', acct)).toBe(true);
    expect(mayTick(customer, 'customer-admin', acct)).toBe(false);
    expect(mayTick(admin, 'customer-admin', acct)).toBe(true);
    expect(mayTick(admin, 'csm', acct)).toBe(false);
    expect(mayTick({ ...customer, accountId: 'other' }, 'customer', acct)).toBe(false);
    expect(mayTick({ userId: 'csm-1', role: 'manager' }, 'csm', acct)).toBe(true);
    expect(mayTick({ userId: 'csm-2', role: 'manager' }, 'csm', acct)).toBe(false);
    expect(mayTick({ userId: 'csm-2', role: 'manager' }, 'vendor', acct)).toBe(true);
    expect(mayTick({ userId: 'x', role: 'author' }, 'vendor', acct)).toBe(false);
    expect(mayTick({ userId: 'x', role: 'admin' }, 'customer', acct)).toBe(false);
  });
});
