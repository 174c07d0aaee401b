import { readAwarenessPairs, endOfDay, pairKey, type AwarenessPair } from './awareness-pairs.ts';
import { listActiveAccounts, type AccountRow, type KpiContext } from './kpi-context.ts';
import { isCoreItem, isMeantFor, type KpiItem } from './kpi-content.ts';
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
  /** Rate over all items at the end of each week (or day for periods up to 31 days). */
  series: { bucket: string; ratePercent: number | null }[];
  targetPercent: number;
  newestDays: number;
}

export function awarenessRate(items: KpiItem[], accounts: AccountRow[], pairs: Map<string, AwarenessPair>, asOf: number): AwarenessRate {
  let audiencePairs = 0;
  let awarePairs = 0;
  let counted = 0;
  for (const item of items) {
    if (!isCoreItem(item) || item.publishedAt.getTime() >= asOf) continue;
    counted += 1;
    for (const a of accounts) {
      if (!isMeantFor(item, a)) continue;
      audiencePairs += 1;
      const p = pairs.get(pairKey(a.id, item.key));
      if (p && p.awareAt < asOf) awarePairs += 1;
    }
  }
  return { audiencePairs, awarePairs, ratePercent: audiencePairs ? (awarePairs / audiencePairs) * 100 : null, items: counted };
}

/**
 * Content awareness rate: the share of (item, account in its audience) pairs in which at least one person
 * of the account saw the item announced or listed, or opened it, by the end of the period.
 */
export function getAwarenessSummary(ctx: KpiContext, accountId?: string): AwarenessSummary {
  const accounts = listActiveAccounts(ctx.db, accountId);
  const pairs = readAwarenessPairs(ctx, accountId);
  const { current, previous } = ctx.periods;
  const asOf = endOfDay(ctx, current.to);
  const newestFrom = endOfDay(ctx, addDays(current.to, -ctx.settings.newestDays));
  const all = awarenessRate(ctx.content.items, accounts, pairs, asOf);
  const newest = awarenessRate(ctx.content.items.filter((i) => i.publishedAt.getTime() >= newestFrom), accounts, pairs, asOf);
  const previousAll = awarenessRate(ctx.content.items, accounts, pairs, endOfDay(ctx, previous.to));
  const days = eachDay(current);
  const buckets = current.days <= 31 ? days : [...new Set(days.map((d) => addDays(weekOf(d), 6)))].map((d) => (d > current.to ? current.to : d));
  const series = buckets.map((d) => ({ bucket: d, ratePercent: awarenessRate(ctx.content.items, accounts, pairs, endOfDay(ctx, d)).ratePercent }));
  return {
    all, newest, previousAll,
    changePoints: all.ratePercent !== null && previousAll.ratePercent !== null ? all.ratePercent - previousAll.ratePercent : null,
    series, targetPercent: ctx.settings.awarenessTargetPercent, newestDays: ctx.settings.newestDays,
  };
}
