import { ALL_ACCOUNTS, DistinctPairs, onlyAccount, readClosedDaysEpoch, readDailyFacts, type FactIds } from './daily-facts.ts';
import { memo, type KpiContext } from './kpi-context.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';

export interface ItemViewingRow {
  key: string;
  title: string;
  type: string;
  level: number;
  viewingMs: number;
  views: number;
  completions: number;
  people: number;
  accounts: number;
}

interface ItemSums {
  viewingMs: number;
  views: number;
  completions: number;
  people: number;
  accounts: number;
}

/**
 * Viewing time per published item in the period (items nobody opened are listed with 0). Keys no longer
 * in the content (deleted items) are dropped: the dashboards report on what customers can still open. Over all
 * accounts the pass over the period's rollup rows is shared with the requests just before (see
 * reuse-recent-read.ts): the viewing, volume and feedback pages all read it.
 */
export function getViewingTimeByItem(ctx: KpiContext, accountId?: string): ItemViewingRow[] {
  const p = ctx.periods.current;
  const { ids, sums } = accountId === undefined
    ? reuseRecentRead(ctx, 'viewing-by-item', () => sumByItem(ctx), `${readClosedDaysEpoch(ctx)}|${p.from}|${p.to}`)
    : memo(ctx, `viewing-by-item-${accountId}`, () => sumByItem(ctx, accountId));
  return ctx.content.items.map((item) => {
    const r = sums.get(ids.items.find(item.key));
    return {
      key: item.key, title: item.title, type: item.type, level: item.level, viewingMs: r?.viewingMs ?? 0, views: r?.views ?? 0,
      completions: r?.completions ?? 0, people: r?.people ?? 0, accounts: r?.accounts ?? 0,
    };
  });
}

/** Per item number: viewing, views, completions, distinct active people and accounts (of one account, or all). */
function sumByItem(ctx: KpiContext, accountId?: string): { ids: FactIds; sums: Map<number, ItemSums> } {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const only = onlyAccount(ids, accountId);
  const sums = new Map<number, ItemSums>();
  const people = new DistinctPairs(ids.users.size);
  const accounts = new DistinctPairs(ids.accounts.size);
  for (const f of days) {
    for (let i = 0; i < f.length; i++) {
      if (only !== ALL_ACCOUNTS && f.account[i] !== only) continue;
      let s = sums.get(f.item[i]!);
      if (!s) sums.set(f.item[i]!, (s = { viewingMs: 0, views: 0, completions: 0, people: 0, accounts: 0 }));
      s.viewingMs += f.viewingMs[i]!;
      s.views += f.views[i]!;
      s.completions += f.completions[i]!;
      if (!f.active[i]) continue;
      if (people.add(f.item[i]!, f.user[i]!)) s.people++;
      if (accounts.add(f.item[i]!, f.account[i]!)) s.accounts++;
    }
  }
  return { ids, sums };
}
