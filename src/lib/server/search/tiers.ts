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

const rank = (id: string) => (id === 'public' ? 0 : id === 'customers' ? 1 : 2);
const tierOrder = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);

/** Of the tiers that exist, those this viewer may read (public first, then customers, then by id). */
export function readableTiers(viewer: Viewer | null, tiers: readonly Tier[]): Tier[] {
  return tiers.filter((t) => canView(viewer, t.audience)).sort((a, b) => tierOrder(a.id, b.id));
}

/** What the content-gap counter records about who searched: the tier set, never the person. */
export function tierLabel(viewer: Viewer | null, tiers: readonly Tier[]): string {
  if (isStaff(viewer)) return 'staff';
  return readableTiers(viewer, tiers).map((t) => t.id).join('+') || 'public';
}

/**
 * One search index per combination of tiers a reader can have: signed out, any customer, a customer
 * of one segment tier, of one plan tier, of both, and staff. Each reader downloads exactly one index,
 * so every result is scored on the statistics of everything that reader may read (one ranking, no
 * tier boost) and the first query of a visit fetches one runtime, one entry and one metadata file.
 * Gating is unchanged in kind: an index is served only to a viewer who may read every tier in it.
 */
export interface IndexSet {
  /** Directory and URL name: `public`, `customers`, `customers+segment-high`, `customers+segment-high+plan-enterprise`, `all`. */
  id: string;
  /** The tiers whose pages it holds. */
  tiers: string[];
}

export const INDEX_ID = /^(public|all|customers(\+segment-[a-z0-9-]{1,40})?(\+plan-[a-z0-9-]{1,60})?)$/;

const setKey = (tiers: readonly Tier[]) => tiers.map((t) => t.id).sort().join(' ');

/**
 * The index sets for the tiers that exist, one per distinct set of readable tiers (empty sets
 * skipped). Readers differ only by which existing segment and plan tier they are in, so the sets are
 * (segment tiers + none) × (plan tiers + none) for customers, plus signed out and staff.
 */
export function indexSetsFor(tiers: readonly Tier[]): IndexSet[] {
  const segments = tiers.filter((t) => t.id.startsWith('segment-'));
  const plans = tiers.filter((t) => t.id.startsWith('plan-'));
  const base = tiers.filter((t) => t.id === 'public' || t.id === 'customers');
  const classes: { id: string; tiers: Tier[] }[] = [
    { id: 'public', tiers: tiers.filter((t) => t.id === 'public') },
    { id: 'customers', tiers: base },
  ];
  for (const seg of [undefined, ...segments]) {
    for (const plan of [undefined, ...plans]) {
      if (!seg && !plan) continue;
      const parts = [seg, plan].filter((t): t is Tier => !!t);
      classes.push({ id: ['customers', ...parts.map((t) => t.id)].join('+'), tiers: [...base, ...parts] });
    }
  }
  classes.push({ id: 'all', tiers: [...tiers] });
  const seen = new Set<string>();
  const out: IndexSet[] = [];
  for (const c of classes) {
    const key = setKey(c.tiers);
    if (!c.tiers.length || seen.has(key)) continue;
    seen.add(key);
    out.push({ id: c.id, tiers: c.tiers.map((t) => t.id).sort(tierOrder) });
  }
  return out;
}

/** The one index this viewer reads: the set whose tiers are exactly the tiers the viewer may read. */
export function indexSetFor<S extends IndexSet>(viewer: Viewer | null, tiers: readonly Tier[], sets: readonly S[]): S | undefined {
  const key = setKey(readableTiers(viewer, tiers));
  return sets.find((s) => [...s.tiers].sort().join(' ') === key);
}

/** Whether this viewer may download the index: it may read every tier in it. */
export function mayReadIndexSet(viewer: Viewer | null, tiers: readonly Tier[], set: IndexSet): boolean {
  const byId = new Map(tiers.map((t) => [t.id, t]));
  return set.tiers.every((id) => {
    const tier = byId.get(id);
    return !!tier && readableTiers(viewer, [tier]).length === 1;
  });
}
