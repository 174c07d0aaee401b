import type { RoadmapPlan } from './roadmap-plan.ts';

export interface RoadmapChoice {
  plan: RoadmapPlan;
  /** Why this roadmap: chosen by staff, meant for the account's segment/plan, or the default. */
  why: 'override' | 'audience' | 'default';
}

/**
 * Which roadmap applies to an account: the one staff chose (when it still exists), else the first (by key)
 * whose restricted audience lists the account's segment or plan, else the one marked `default: true`.
 */
export function chooseRoadmap(plans: RoadmapPlan[], account: { segment: string; plan: string }, overrideKey?: string | null): RoadmapChoice | null {
  const sorted = [...plans].sort((a, b) => a.key.localeCompare(b.key));
  const chosen = overrideKey ? sorted.find((p) => p.key === overrideKey) : undefined;
  if (chosen) return { plan: chosen, why: 'override' };
  const meant = sorted.find((p) => typeof p.audience === 'object' && (p.audience.segments.includes(account.segment as never) || p.audience.plans.includes(account.plan)));
  if (meant) return { plan: meant, why: 'audience' };
  const fallback = sorted.find((p) => p.isDefault);
  return fallback ? { plan: fallback, why: 'default' } : null;
}
