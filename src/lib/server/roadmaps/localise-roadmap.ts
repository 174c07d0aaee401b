// A roadmap's texts in the reader's language. Progress is computed once, on the Japanese plan (the action ids
// are the same in every translation); the words shown come from the translation the reader's locale has.
import type { KpiContent } from '../kpi/kpi-content.ts';
import type { ActionProgress, RoadmapProgress } from './compute-roadmap-progress.ts';

/**
 * The progress with its roadmap title, stage titles, goals and action titles taken from the `locale`
 * translation of the roadmap file; anything the translation lacks (no file, an action id it does not
 * have) keeps the original text, so a half-finished translation never hides a step.
 */
export function localiseRoadmapProgress(content: KpiContent, progress: RoadmapProgress, locale: string): RoadmapProgress {
  const item = content.byKey.get(progress.roadmapKey);
  const plan = item?.roadmapByLocale?.[locale];
  if (!item || !plan || plan === item.roadmap) return progress;
  const titles = new Map(plan.stages.flatMap((s) => s.actions.map((a) => [a.id, a.title] as const)));
  const action = (a: ActionProgress): ActionProgress => ({ ...a, title: titles.get(a.id) ?? a.title });
  const stages = progress.stages.map((s) => {
    const t = plan.stages[s.index];
    return {
      ...s,
      vendorTitle: t?.vendorTitle || s.vendorTitle,
      customerTitle: t?.customerTitle || s.customerTitle,
      goal: t?.goal ?? s.goal,
      actions: s.actions.map(action),
    };
  });
  return { ...progress, title: plan.title, stages, overdue: progress.overdue.map(action) };
}
