import { audienceOf, endOfDay, readAwarenessPairs } from './awareness-pairs.ts';
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
  // Keyed by the item and holding the account rows themselves: membership is checked by identity.
  const audiences = new Map(items.map((i) => [i, new Set(audienceOf(ctx, i, accountId))]));
  return accountsOf(ctx, accountId).map((a) => {
    let meantFor = 0;
    let known = 0;
    let viewed = 0;
    const mine = pairs.get(a.id);
    for (const item of items) {
      if (!audiences.get(item)!.has(a)) continue;
      meantFor += 1;
      const p = mine?.get(item.key);
      if (p && p.awareAt < asOf) known += 1;
      if (p?.viewAt != null && p.viewAt < asOf) viewed += 1;
    }
    return { accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, meantFor, known, viewed, sharePercent: meantFor ? (known / meantFor) * 100 : null };
  });
}
