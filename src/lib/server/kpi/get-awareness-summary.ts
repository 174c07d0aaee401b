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
 * The (item, account in its audience) pairs, counted without listing them: each core item with its
 * publication time and how many accounts it is meant for (the audience side), and each pair somebody in
 * the account came across, with its publication time and from when the account knew it (never before
 * publication). Pairs without awareness only ever count in the audience.
 */
interface Pairs {
  /** Core items by publication time, and the accounts each is meant for, in the same order. */
  itemPublished: Float64Array;
  itemAccounts: Float64Array;
  awarePublished: Float64Array;
  awareFrom: Float64Array;
}

function rate(pairs: Pairs, asOf: number, publishedFrom = Number.NEGATIVE_INFINITY): AwarenessRate {
  let audiencePairs = 0;
  for (let k = 0; k < pairs.itemPublished.length; k++) {
    const published = pairs.itemPublished[k]!;
    if (published < asOf && published >= publishedFrom) audiencePairs += pairs.itemAccounts[k]!;
  }
  let awarePairs = 0;
  for (let i = 0; i < pairs.awarePublished.length; i++) {
    const published = pairs.awarePublished[i]!;
    if (published < asOf && published >= publishedFrom && pairs.awareFrom[i]! < asOf) awarePairs += 1;
  }
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
  const audience = items
    .map((item) => {
      return { published: item.publishedAt.getTime(), accounts: audienceSize(map, map.indexOf.get(item.key)!).accounts };
    })
    .sort((a, b) => a.published - b.published);
  const pairs: Pairs = {
    itemPublished: Float64Array.from(audience, (a) => a.published), itemAccounts: Float64Array.from(audience, (a) => a.accounts),
    ...collectAwarePairs(ctx, accountId),
  };
  const countItems = (asOf: number, from = Number.NEGATIVE_INFINITY) => items.filter((i) => i.publishedAt.getTime() < asOf && i.publishedAt.getTime() >= from).length;
  const asOf = endOfDay(ctx, current.to);
  const newestFrom = endOfDay(ctx, addDays(current.to, -ctx.settings.newestDays));
  const prevAsOf = endOfDay(ctx, previous.to);
  const all = { ...rate(pairs, asOf), items: countItems(asOf) };
  const newest = { ...rate(pairs, asOf, newestFrom), items: countItems(asOf, newestFrom) };
  const previousAll = { ...rate(pairs, prevAsOf), items: countItems(prevAsOf) };
  const days = eachDay(current);
  const buckets = current.days <= 31 ? days : [...new Set(days.map((d) => addDays(weekOf(d), 6)))].map((d) => (d > current.to ? current.to : d));
  // Series: a pair counts from its publication, is aware from max(published, aware). The aware times are
  // counted per bucket in one pass (millions at 100M events: sorting them cost more than the rest).
  const audienceBefore = prefixSums(pairs.itemAccounts);
  const ends = Float64Array.from(buckets, (d) => endOfDay(ctx, d));
  const awareBefore = countBeforeEach(pairs.awareFrom, ends);
  const series = buckets.map((d, b) => {
    const inAudience = audienceBefore[countBelow(pairs.itemPublished, ends[b]!)]!;
    return { bucket: d, ratePercent: inAudience ? (awareBefore[b]! / inAudience) * 100 : null };
  });
  return {
    all, newest, previousAll,
    changePoints: all.ratePercent !== null && previousAll.ratePercent !== null ? all.ratePercent - previousAll.ratePercent : null,
    series, targetPercent: ctx.settings.awarenessTargetPercent, newestDays: ctx.settings.newestDays,
  };
}

/**
 * Every aware (core item, account in its audience) pair: the item's publication and when the account knew it.
 * Each account's part is kept by its map of awareness rows (tallyMeantItems' `keep`), so a refresh under live
 * ingest collects only the accounts whose rows changed.
 */
function collectAwarePairs(ctx: KpiContext, accountId?: string): { awarePublished: Float64Array; awareFrom: Float64Array } {
  const tallies = tallyMeantItems(ctx, Number.POSITIVE_INFINITY, accountId, () => () => ({ published: [] as number[], from: [] as number[] }), (t, item, pair) => {
    const pub = item.publishedAt.getTime();
    t.published.push(pub);
    t.from.push(Math.max(pub, pair.awareAt));
  }, 'awareness-summary');
  const total = tallies.reduce((n, { tally }) => n + tally.published.length, 0);
  const awarePublished = new Float64Array(total);
  const awareFrom = new Float64Array(total);
  let at = 0;
  for (const { tally } of tallies) {
    awarePublished.set(tally.published, at);
    awareFrom.set(tally.from, at);
    at += tally.published.length;
  }
  return { awarePublished, awareFrom };
}

/** For each of the ascending `ends`, how many values are below it. */
function countBeforeEach(values: Float64Array, ends: Float64Array): Float64Array {
  const below = new Float64Array(ends.length + 1);
  for (let i = 0; i < values.length; i++) below[countBelow(ends, values[i]!, true)]! += 1;
  // below[b] held the values in [ends[b-1], ends[b]); added up, each end's count of values below it.
  const out = new Float64Array(ends.length);
  let sum = 0;
  for (let b = 0; b < ends.length; b++) out[b] = sum += below[b]!;
  return out;
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
