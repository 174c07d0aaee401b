import { audienceSize, awarenessScope, endOfDay, readAudienceMap, tallyMeantItems } from './awareness-pairs.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
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
 * The (item, account in its audience) pairs, counted without listing them: the audience side from each core
 * item's publication time and how many accounts it is meant for; the aware side from the pairs somebody in
 * the account came across, aware from max(publication, first awareness). Pairs without awareness only ever
 * count in the audience.
 */
interface Audience {
  /** Core items by publication time, and the accounts each is meant for, in the same order. */
  itemPublished: Float64Array;
  itemAccounts: Float64Array;
}

/** The moments a summary counts aware pairs at. */
interface CountedAt {
  asOf: number;
  newestFrom: number;
  previousAsOf: number;
  /** Ascending ends of the series' buckets. */
  ends: Float64Array;
}

interface AwareCounts {
  all: number;
  newest: number;
  previous: number;
  /** [b]: pairs aware from within [ends[b-1], ends[b]); the last, from ends' last or later. */
  byBucket: Float64Array;
}

function audiencePairsOf(audience: Audience, asOf: number, publishedFrom = Number.NEGATIVE_INFINITY): number {
  let pairs = 0;
  for (let k = 0; k < audience.itemPublished.length; k++) {
    const published = audience.itemPublished[k]!;
    if (published < asOf && published >= publishedFrom) pairs += audience.itemAccounts[k]!;
  }
  return pairs;
}

function rateOf(audiencePairs: number, awarePairs: number): AwarenessRate {
  return { audiencePairs, awarePairs, ratePercent: audiencePairs ? (awarePairs / audiencePairs) * 100 : null, items: 0 };
}

/**
 * Content awareness rate: the share of (item, account in its audience) pairs in which at least one person
 * of the account saw the item announced or listed, or opened it, by the end of the period.
 */
export function getAwarenessSummary(ctx: KpiContext, accountId?: string): AwarenessSummary {
  // Over all accounts: hundreds of thousands of pairs at 5,000 accounts, shared with the requests just before.
  if (accountId === undefined) return reuseRecentRead(ctx, 'awareness-summary', () => summarize(ctx), awarenessScope(ctx));
  return summarize(ctx, accountId);
}

function summarize(ctx: KpiContext, accountId?: string): AwarenessSummary {
  const { current, previous } = ctx.periods;
  const items = ctx.content.items.filter(isCoreItem);
  const map = readAudienceMap(ctx, accountId);
  const sorted = items
    .map((item) => {
      return { published: item.publishedAt.getTime(), accounts: audienceSize(map, map.indexOf.get(item.key)!).accounts };
    })
    .sort((a, b) => a.published - b.published);
  const audience: Audience = { itemPublished: Float64Array.from(sorted, (a) => a.published), itemAccounts: Float64Array.from(sorted, (a) => a.accounts) };
  const countItems = (asOf: number, from = Number.NEGATIVE_INFINITY) => items.filter((i) => i.publishedAt.getTime() < asOf && i.publishedAt.getTime() >= from).length;
  const days = eachDay(current);
  const buckets = current.days <= 31 ? days : [...new Set(days.map((d) => addDays(weekOf(d), 6)))].map((d) => (d > current.to ? current.to : d));
  const at: CountedAt = {
    asOf: endOfDay(ctx, current.to), newestFrom: endOfDay(ctx, addDays(current.to, -ctx.settings.newestDays)), previousAsOf: endOfDay(ctx, previous.to),
    ends: Float64Array.from(buckets, (d) => endOfDay(ctx, d)),
  };
  const aware = countAwarePairs(ctx, accountId, at);
  const all = { ...rateOf(audiencePairsOf(audience, at.asOf), aware.all), items: countItems(at.asOf) };
  const newest = { ...rateOf(audiencePairsOf(audience, at.asOf, at.newestFrom), aware.newest), items: countItems(at.asOf, at.newestFrom) };
  const previousAll = { ...rateOf(audiencePairsOf(audience, at.previousAsOf), aware.previous), items: countItems(at.previousAsOf) };
  // Series: a pair counts in the audience from its publication, as aware from max(published, aware).
  const audienceBefore = prefixSums(audience.itemAccounts);
  let awareBefore = 0;
  const series = buckets.map((d, b) => {
    awareBefore += aware.byBucket[b]!;
    const inAudience = audienceBefore[countBelow(audience.itemPublished, at.ends[b]!)]!;
    return { bucket: d, ratePercent: inAudience ? (awareBefore / inAudience) * 100 : null };
  });
  return {
    all, newest, previousAll,
    changePoints: all.ratePercent !== null && previousAll.ratePercent !== null ? all.ratePercent - previousAll.ratePercent : null,
    series, targetPercent: ctx.settings.awarenessTargetPercent, newestDays: ctx.settings.newestDays,
  };
}

/**
 * The aware (core item, account in its audience) pairs, counted at the summary's moments. Each account's
 * counts are kept by its map of awareness rows (tallyMeantItems' `keep`, the moments as its variant), so a
 * refresh under live ingest counts again only the accounts whose rows changed, and the rest is a sum over
 * accounts, not over the millions of pairs at 100M events.
 */
function countAwarePairs(ctx: KpiContext, accountId: string | undefined, at: CountedAt): AwareCounts {
  const buckets = at.ends.length;
  const tallies = tallyMeantItems(
    ctx, Number.POSITIVE_INFINITY, accountId,
    () => (): AwareCounts => ({ all: 0, newest: 0, previous: 0, byBucket: new Float64Array(buckets + 1) }),
    (t, item, pair) => {
      const published = item.publishedAt.getTime();
      const from = Math.max(published, pair.awareAt);
      if (from < at.asOf) {
        t.all += 1;
        if (published >= at.newestFrom) t.newest += 1;
      }
      if (from < at.previousAsOf) t.previous += 1;
      t.byBucket[countBelow(at.ends, from, true)]! += 1;
    },
    // One kept count per account and series length (the 30- and 90-day pages each keep theirs).
    `awareness-summary-${buckets}`,
    `${at.asOf}|${at.newestFrom}|${at.previousAsOf}|${at.ends.join(',')}`,
  );
  const sum: AwareCounts = { all: 0, newest: 0, previous: 0, byBucket: new Float64Array(buckets + 1) };
  for (const { tally } of tallies) {
    sum.all += tally.all;
    sum.newest += tally.newest;
    sum.previous += tally.previous;
    for (let b = 0; b <= buckets; b++) sum.byBucket[b]! += tally.byBucket[b]!;
  }
  return sum;
}

/** sums[n] = the first n values added up (sums[0] = 0). */
function prefixSums(values: Float64Array): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) sums[i + 1] = sums[i]! + values[i]!;
  return sums;
}

/** How many values of a sorted array are below `t` (with `orEqual`, at most `t`), by binary search. */
function countBelow(sorted: Float64Array, t: number, orEqual = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t || (orEqual && sorted[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
