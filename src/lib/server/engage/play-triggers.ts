import { canView } from '../../access.ts';
import type { Db } from '../../../../db/client.ts';
import type { Play, PlayTrigger } from '../../../schemas/play.ts';
import type { Survey } from '../../../schemas/survey.ts';
import type { EvaluatedAccount } from '../health/evaluate-accounts.ts';
import { daysBetween } from '../kpi/period.ts';
import { findDueSurveys } from '../surveys/find-due-surveys.ts';
import { overdueBy } from '../roadmaps/compute-roadmap-progress.ts';
import type { EngageEnv } from './engage-env.ts';
import type { EngageItem } from './engage-content.ts';
import { viewerOf, type CustomerPerson } from './list-customer-people.ts';

const DAY = 86_400_000;
const MIN = 60_000;

/** Why a play fires for an account, and for whom (null = not for this account now). */
export interface TriggerHit {
  /** Figures for the dry run and the results page. */
  reason: Record<string, number | string>;
  /** Only these people (survey-due: those the survey is due for); undefined = the play's recipients. */
  onlyPeople?: Set<string>;
  /** Items the trigger itself points at (next-level-content: the new items). */
  items?: EngageItem[];
  /** A link that is not a content item (survey-due: /surveys/<key>). */
  directLink?: { title: Record<'ja' | 'en', string>; path: string };
}

export interface TriggerInput {
  env: EngageEnv;
  account: EvaluatedAccount;
  people: CustomerPerson[];
  surveys: Survey[];
  today: string;
}

type Evaluator<K extends PlayTrigger['kind']> = (trigger: Extract<PlayTrigger, { kind: K }>, input: TriggerInput) => TriggerHit | null;

/** One evaluator per trigger kind (playTriggerSchema in src/schemas/play.ts). */
export const TRIGGER_EVALUATORS: { [K in PlayTrigger['kind']]: Evaluator<K> } = {
  'onboarding-low-viewing': (t, { env, account, today }) => {
    const day = daysBetween(account.contractStart, today);
    if (day < t.day || day >= env.settings.onboardingDays) return null;
    const minutes = Math.round(account.last14Ms / MIN);
    return account.last14Ms < t.minutes * MIN ? { reason: { day, minutes, threshold: t.minutes } } : null;
  },
  dormant: (t, { account, today }) => {
    const contractDays = daysBetween(account.contractStart, today);
    const idle = account.lastActiveDay === null ? contractDays : daysBetween(account.lastActiveDay, today);
    return idle >= t.days && contractDays >= t.days ? { reason: { idleDays: idle } } : null;
  },
  'next-level-content': (t, { env, account, people }) => {
    const next = account.pyramidPosition + 1;
    if (next > 5 || people.length === 0) return null;
    const viewer = viewerOf(people[0]!);
    const fresh = env.content.items.filter((i) => i.type !== 'announcement' && i.type !== 'roadmap' && i.level === next && env.now - i.publishedAt.getTime() <= t.withinDays * DAY && i.publishedAt.getTime() <= env.now && canView(viewer, i.audience));
    return fresh.length ? { reason: { level: next, newItems: fresh.length }, items: fresh } : null;
  },
  'survey-due': (t, { env, people, surveys }) => {
    const survey = surveys.find((s) => s.key === t.survey);
    if (!survey) return null;
    const due = people.filter((p) => findDueSurveys(env.db, viewerOf(p), env.now, [survey]).length > 0);
    return due.length ? { reason: { due: due.length }, onlyPeople: new Set(due.map((p) => p.userId)), directLink: { title: survey.title, path: `/surveys/${survey.key}` } } : null;
  },
  'roadmap-overdue': (t, { env, account, today }) => {
    if (!account.roadmap) return null;
    const late = overdueBy(account.roadmap.progress, today, t.days);
    if (late.length < t.actions) return null;
    // Recommend what the overdue actions ask the account to read (published, in the order the roadmap names them).
    const items = [...new Set(late.flatMap((a) => a.items))].flatMap((k) => {
      const item = env.content.byKey.get(k);
      return item && item.publishedAt.getTime() <= env.now ? [item] : [];
    });
    return { reason: { overdueActions: late.length, stage: account.roadmap.progress.currentStage + 1, roadmap: account.roadmap.progress.roadmapKey }, items };
  },
};

export function evaluateTrigger(play: Play, input: TriggerInput): TriggerHit | null {
  const evaluate = TRIGGER_EVALUATORS[play.trigger.kind] as Evaluator<typeof play.trigger.kind>;
  return evaluate(play.trigger as never, input);
}

/** Items nobody of the account has opened yet (tracking_account_awareness.first_view_at). */
export function openedByAccount(db: Db, accountId: string): Set<string> {
  const rows = db.$client.prepare('SELECT content_key AS k FROM tracking_account_awareness WHERE account_id = ? AND first_view_at IS NOT NULL').all(accountId) as { k: string }[];
  return new Set(rows.map((r) => r.k));
}
