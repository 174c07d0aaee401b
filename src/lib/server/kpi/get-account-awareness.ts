import { audienceOf, endOfDay, pairKey, readAwarenessPairs } from './awareness-pairs.ts';
import { accountsOf, type KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';

export interface AccountAwarenessRow {
  accountId: string;
  name: string;
  segment: string;
  plan: string;
  /** Published items the account's people may open. */
  meantFor: number;
  known: number;
  viewed: number;
  /** known / meantFor, percent; null when nothing is meant for the account. */
  sharePercent: number | null;
}

/** Per account: the share of the content meant for it that somebody in it knows, as of the end of the period. */
export function getAccountAwareness(ctx: KpiContext, accountId?: string): AccountAwarenessRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const pairs = readAwarenessPairs(ctx, accountId);
  const items = ctx.content.items.filter((i) => isCoreItem(i) && i.publishedAt.getTime() < asOf);
  const audiences = new Map(items.map((i) => [i.key, new Set(audienceOf(ctx, i, accountId).map((x) => x.id))]));
  return accountsOf(ctx, accountId).map((a) => {
    let meantFor = 0;
    let known = 0;
    let viewed = 0;
    for (const item of items) {
      if (!audiences.get(item.key)!.has(a.id)) continue;
      meantFor += 1;
      const p = pairs.get(pairKey(a.id, item.key));
      if (p && p.awareAt < asOf) known += 1;
      if (p?.viewAt != null && p.viewAt < asOf) viewed += 1;
    }
    return { accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, meantFor, known, viewed, sharePercent: meantFor ? (known / meantFor) * 100 : null };
  });
}
