// One shape for both schema versions, so progress, pages and KPIs never ask which version a file is.
import type { Audience } from '../../../schemas/common.ts';
import type { ActionDoneKind, RoadmapActor, RoadmapData } from '../../../schemas/roadmap.ts';

export interface PlanAction {
  id: string;
  title: string;
  actor: RoadmapActor;
  done: ActionDoneKind;
  items: string[];
  event?: string;
}

export interface PlanStage {
  vendorTitle: string;
  customerTitle: string;
  period?: string;
  goal?: string;
  /** Days after the contract start; null = no due day (a v1 period that names none). */
  dueDay: number | null;
  actions: PlanAction[];
}

export interface RoadmapPlan {
  key: string;
  title: string;
  audience: Audience;
  isDefault: boolean;
  stages: PlanStage[];
}

/** `week-2` → 14, `month-3` → 90, `day-10` → 10; anything else names no due day. */
export function dueDayOfPeriod(period: string | undefined): number | null {
  const m = /^(day|week|month)-(\d{1,3})$/.exec(period ?? '');
  if (!m) return null;
  return Number(m[2]) * (m[1] === 'day' ? 1 : m[1] === 'week' ? 7 : 30);
}

/**
 * A roadmap file as a plan. A v1 stage (title + items) becomes one `content` action for the customer,
 * id `stage-N`, due by its period; a v2 stage keeps its actions as written.
 */
export function toRoadmapPlan(data: Pick<RoadmapData, 'key' | 'title' | 'audience' | 'stages'> & { default?: boolean }): RoadmapPlan {
  return {
    key: data.key,
    title: data.title,
    audience: data.audience,
    isDefault: data.default ?? false,
    stages: data.stages.map((s, i) => ({
      vendorTitle: s.vendorTitle ?? s.title ?? '',
      customerTitle: s.customerTitle ?? s.title ?? '',
      period: s.period,
      goal: s.goal,
      dueDay: s.dueDay ?? dueDayOfPeriod(s.period),
      actions: s.actions?.length
        ? s.actions.map((a) => ({ id: a.id, title: a.title, actor: a.actor, done: a.done, items: a.items ?? [], event: a.event }))
        : [{ id: `stage-${i + 1}`, title: s.title ?? s.customerTitle ?? '', actor: 'customer' as const, done: 'content' as const, items: s.items ?? [] }],
    })),
  };
}
