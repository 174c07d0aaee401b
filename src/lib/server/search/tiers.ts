import { canView, isStaff, type Viewer } from '../../access.ts';
import type { Audience, Segment } from '../../../schemas/common.ts';

/**
 * An audience tier has its own search index. An item restricted to segments/plans goes into the
 * index of every segment and plan it lists, so a reader only ever downloads indexes whose every
 * entry they may open.
 */
export interface Tier {
  /** Directory and URL name: `public`, `customers`, `segment-high`, `plan-enterprise`. */
  id: string;
  /** The audience that may read this tier, checked with the same `canView` rule as the pages. */
  audience: Audience;
}

export const TIER_ID = /^(public|customers|segment-[a-z0-9-]{1,40}|plan-[a-z0-9-]{1,60})$/;

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

export function segmentTier(segment: Segment): Tier {
  return { id: `segment-${slug(segment)}`, audience: { segments: [segment], plans: [] } };
}

export function planTier(plan: string): Tier {
  return { id: `plan-${slug(plan).slice(0, 60)}`, audience: { segments: [], plans: [plan] } };
}

/** The tiers an item with this audience is indexed in. */
export function tiersForAudience(audience: Audience): Tier[] {
  if (audience === 'public') return [{ id: 'public', audience: 'public' }];
  if (audience === 'customers') return [{ id: 'customers', audience: 'customers' }];
  return [...audience.segments.map(segmentTier), ...audience.plans.map(planTier)];
}

/** Of the tiers that exist, those this viewer may read (public first: it hosts the search runtime). */
export function readableTiers(viewer: Viewer | null, tiers: readonly Tier[]): Tier[] {
  const order = (t: Tier) => (t.id === 'public' ? 0 : t.id === 'customers' ? 1 : 2);
  return tiers.filter((t) => canView(viewer, t.audience)).sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
}

/** What the content-gap counter records about who searched: the tier set, never the person. */
export function tierLabel(viewer: Viewer | null, tiers: readonly Tier[]): string {
  if (isStaff(viewer)) return 'staff';
  return readableTiers(viewer, tiers).map((t) => t.id).join('+') || 'public';
}

/**
 * Pagefind scores each merged index on its own statistics, so a word in a one-item tier gets a tiny
 * IDF and that item sinks below weaker matches from big tiers. Weighting a tier by how much smaller
 * it is than the largest (1 + ln(largest / pages)) puts the tiers back on one scale.
 */
export function tierWeights(tiers: readonly (Tier & { pages: number })[]): Record<string, number> {
  const largest = Math.max(1, ...tiers.map((t) => t.pages));
  return Object.fromEntries(tiers.map((t) => [t.id, Number((1 + Math.log(largest / Math.max(1, t.pages))).toFixed(3))]));
}
