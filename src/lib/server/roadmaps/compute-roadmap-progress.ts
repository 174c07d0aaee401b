import { addDays } from '../kpi/period.ts';
import type { PlanAction, PlanStage, RoadmapPlan } from './roadmap-plan.ts';

/** How one action was done. */
export interface DoneRecord {
  how: 'content' | 'confirm' | 'event';
  at: number;
  by: string | null;
  byName?: string | null;
  note?: string | null;
}

/** done; overdue (past its stage's due day, not done); next (in the current stage, not done); later. */
export type ActionState = 'done' | 'overdue' | 'next' | 'later';

export interface ActionProgress extends PlanAction {
  state: ActionState;
  record?: DoneRecord;
}

export interface StageProgress extends Omit<PlanStage, 'actions'> {
  index: number;
  /** Due date (YYYY-MM-DD), null without a due day. */
  dueDate: string | null;
  state: 'done' | 'current' | 'later';
  actions: ActionProgress[];
}

export interface RoadmapProgress {
  roadmapKey: string;
  title: string;
  stages: StageProgress[];
  /** Index of the first stage with an action not done; `stages.length` when everything is done. */
  currentStage: number;
  done: number;
  total: number;
  percent: number;
  overdue: ActionProgress[];
}

/**
 * Where an account stands on its roadmap on `today` (YYYY-MM-DD, reporting time zone): an action is done
 * when a record exists, overdue when not done and `today` is after its stage's due date (contract start +
 * due day), next when it belongs to the first stage that is not complete.
 */
const dueDates = new Map<string, string>();
/** A day + some days, remembered: contract start + due day, due date + grace (a few hundred distinct pairs serve thousands of accounts). */
function dueDateOf(start: string, days: number): string {
  const k = `${start}+${days}`;
  let d = dueDates.get(k);
  if (d === undefined) {
    if (dueDates.size > 50_000) dueDates.clear();
    dueDates.set(k, (d = addDays(start, days)));
  }
  return d;
}

export function computeRoadmapProgress(plan: RoadmapPlan, contractStart: string, today: string, done: Map<string, DoneRecord>): RoadmapProgress {
  const firstOpen = plan.stages.findIndex((s) => s.actions.some((a) => !done.has(a.id)));
  const currentStage = firstOpen === -1 ? plan.stages.length : firstOpen;
  const stages: StageProgress[] = plan.stages.map((s, index) => {
    const dueDate = s.dueDay === null ? null : dueDateOf(contractStart, s.dueDay);
    const actions = s.actions.map((a): ActionProgress => {
      const record = done.get(a.id);
      if (record) return { ...a, state: 'done', record };
      if (dueDate !== null && today > dueDate) return { ...a, state: 'overdue' };
      return { ...a, state: index === currentStage ? 'next' : 'later' };
    });
    return { ...s, index, dueDate, state: index < currentStage ? 'done' : index === currentStage ? 'current' : 'later', actions };
  });
  const all = stages.flatMap((s) => s.actions);
  const doneCount = all.filter((a) => a.state === 'done').length;
  return {
    roadmapKey: plan.key, title: plan.title, stages, currentStage, done: doneCount, total: all.length,
    percent: all.length ? Math.round((doneCount / all.length) * 100) : 100,
    overdue: all.filter((a) => a.state === 'overdue'),
  };
}

/** Actions overdue by at least `graceDays` (the alert's threshold). */
export function overdueBy(progress: RoadmapProgress, today: string, graceDays: number): ActionProgress[] {
  return progress.stages.flatMap((s) => (s.dueDate !== null && today > dueDateOf(s.dueDate, graceDays) ? s.actions.filter((a) => a.state === 'overdue') : []));
}
