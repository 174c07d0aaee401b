import { endOfDay, tallyMeantItems } from './awareness-pairs.ts';
import type { KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';
import { addDays, eachDay, weekOf } from './period.ts';

export interface AwarenessRate {
  /** Account × item pairs where the account is in the item's audience. */
  audiencePairs: number;
  awarePairs: number;
  /** awarePairs / audiencePairs in percent; null when there is no audience at all. */
  ratePercent: number | null;
  items: number;
}

export interface AwarenessSummary {
  /** As of the end of the current period, over every published item. */
  all: AwarenessRate;
  /** Only items published within `newestDays` before the end of the period. */
  newest: AwarenessRate;
  previousAll: AwarenessRate;
  /** Percentage points against the end of the previous period. */
  changePoints: number | null;
  /** Rate over all items at the end of each day (periods up to 31 days) or week. */
  series: { bucket: string; ratePercent: number | null }[];
  targetPercent: number;
  newestDays: number;
}

/**
 * The (item, account in its audience) pairs as columns: when the item was published, and from when the
 * account knew it (never before publication; Infinity while unaware).
 */
interface Pairs {
  published: Float64Array;
  awareFrom: Float64Array;
}

function rate(pairs: Pairs, asOf: number, publishedFrom = Number.NEGATIVE_INFINITY): AwarenessRate {
  let audiencePairs = 0;
  let awarePairs = 0;
  for (let i = 0; i < pairs.published.length; i++) {
    const published = pairs.published[i]!;
    if (published >= asOf || published < publishedFrom) continue;
    audiencePairs += 1;
    if (pairs.awareFrom[i]! < asOf) awarePairs += 1;
  }
  return { audiencePairs, awarePairs, ratePercent: audiencePairs ? (awarePairs / audiencePairs) * 100 : null, items: 0 };
}

/**
 * Content awareness rate: the share of (item, account in its audience) pairs in which at least one person
 * of the account saw the item announced or listed, or opened it, by the end of the period.
 */
export function getAwarenessSummary(ctx: KpiContext, accountId?: string): AwarenessSummary {
  const { current, previous } = ctx.periods;
  const items = ctx.content.items.filter(isCoreItem);
  const published: number[] = [];
  const awareFrom: number[] = [];
  tallyMeantItems(ctx, Number.POSITIVE_INFINITY, accountId, () => null, (_t, item, pair) => {
    const pub = item.publishedAt.getTime();
    published.push(pub);
    awareFrom.push(Math.max(pub, pair?.awareAt ?? Number.POSITIVE_INFINITY));
  });
  const pairs: Pairs = { published: Float64Array.from(published), awareFrom: Float64Array.from(awareFrom) };
  const countItems = (asOf: number, from = Number.NEGATIVE_INFINITY) => items.filter((i) => i.publishedAt.getTime() < asOf && i.publishedAt.getTime() >= from).length;
  const asOf = endOfDay(ctx, current.to);
  const newestFrom = endOfDay(ctx, addDays(current.to, -ctx.settings.newestDays));
  const prevAsOf = endOfDay(ctx, previous.to);
  const all = { ...rate(pairs, asOf), items: countItems(asOf) };
  const newest = { ...rate(pairs, asOf, newestFrom), items: countItems(asOf, newestFrom) };
  const previousAll = { ...rate(pairs, prevAsOf), items: countItems(prevAsOf) };
  const days = eachDay(current);
  const buckets = current.days <= 31 ? days : [...new Set(days.map((d) => addDays(weekOf(d), 6)))].map((d) => (d > current.to ? current.to : d));
  // Series by sweeping sorted times: a pair counts from its publication, is aware from max(published, aware).
  const pubTimes = pairs.published.slice().sort();
  const awareTimes = pairs.awareFrom.slice().sort();
  const series = buckets.map((d) => {
    const t = endOfDay(ctx, d);
    const audience = countBelow(pubTimes, t);
    return { bucket: d, ratePercent: audience ? (countBelow(awareTimes, t) / audience) * 100 : null };
  });
  return {
    all, newest, previousAll,
    changePoints: all.ratePercent !== null && previousAll.ratePercent !== null ? all.ratePercent - previousAll.ratePercent : null,
    series, targetPercent: ctx.settings.awarenessTargetPercent, newestDays: ctx.settings.newestDays,
  };
}

/** How many values of a sorted array are below `t` (binary search). */
function countBelow(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
