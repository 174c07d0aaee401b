import { ALL_ACCOUNTS, DistinctPairs, onlyAccount, readDailyFacts } from './daily-facts.ts';
import type { KpiContext } from './kpi-context.ts';

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

/**
 * Viewing time per published item in the period (items nobody opened are listed with 0). Keys no longer
 * in the content (deleted items) are dropped: the dashboards report on what customers can still open.
 */
export function getViewingTimeByItem(ctx: KpiContext, accountId?: string): ItemViewingRow[] {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const only = onlyAccount(ids, accountId);
  const sums = new Map<number, { viewingMs: number; views: number; completions: number; people: number; accounts: number }>();
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
  return ctx.content.items.map((item) => {
    const r = sums.get(ids.items.find(item.key));
    return {
      key: item.key, title: item.title, type: item.type, level: item.level, viewingMs: r?.viewingMs ?? 0, views: r?.views ?? 0,
      completions: r?.completions ?? 0, people: r?.people ?? 0, accounts: r?.accounts ?? 0,
    };
  });
}
