import { awarenessScope, endOfDay, tallyMeantItems } from './awareness-pairs.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import type { KpiContext } from './kpi-context.ts';

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
  // Over all accounts: a pass over every awareness pair (millions at 5,000 accounts × 1,000 items), shared
  // with the requests just before like the summary. Callers copy the rows before changing them.
  if (accountId === undefined) return reuseRecentRead(ctx, 'account-awareness', () => tallyAccounts(ctx), awarenessScope(ctx));
  return tallyAccounts(ctx, accountId);
}

function tallyAccounts(ctx: KpiContext, accountId?: string): AccountAwarenessRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const tallies = tallyMeantItems(ctx, asOf, accountId, (meant) => () => ({ meantFor: meant.length, known: 0, viewed: 0 }), (t, _item, p) => {
    if (p.awareAt < asOf) t.known += 1;
    if (p.viewAt != null && p.viewAt < asOf) t.viewed += 1;
  }, 'account-awareness');
  return tallies.map(({ account: a, tally: { meantFor, known, viewed } }) => ({
    accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, meantFor, known, viewed, sharePercent: meantFor ? (known / meantFor) * 100 : null,
  }));
}
