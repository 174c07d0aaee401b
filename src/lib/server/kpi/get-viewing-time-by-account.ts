import { DistinctCount, readDailyFacts } from './daily-facts.ts';
import { changePercent, accountsOf, type KpiContext } from './kpi-context.ts';

export interface AccountViewingRow {
  accountId: string;
  name: string;
  segment: string;
  plan: string;
  viewingMs: number;
  previousMs: number;
  changePercent: number | null;
  activeUsers: number;
  views: number;
}

/** Viewing time per account in the period (every active account listed, also those without activity). */
export function getViewingTimeByAccount(ctx: KpiContext, accountId?: string): AccountViewingRow[] {
  const { current, previous } = ctx.periods;
  const { ids, days } = readDailyFacts(ctx, previous.from, current.to);
  const sums = new Map<number, { viewingMs: number; previousMs: number; users: DistinctCount; views: number }>();
  for (const f of days) {
    const isCurrent = f.day >= current.from;
    for (let i = 0; i < f.length; i++) {
      const a = f.account[i]!;
      let s = sums.get(a);
      if (!s) sums.set(a, (s = { viewingMs: 0, previousMs: 0, users: new DistinctCount(), views: 0 }));
      if (!isCurrent) {
        s.previousMs += f.viewingMs[i]!;
        continue;
      }
      s.viewingMs += f.viewingMs[i]!;
      s.views += f.views[i]!;
      if (f.active[i]) s.users.add(f.user[i]!);
    }
  }
  return accountsOf(ctx, accountId).map((a) => {
    const r = sums.get(ids.accounts.find(a.id));
    const viewingMs = r?.viewingMs ?? 0;
    const previousMs = r?.previousMs ?? 0;
    return {
      accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, viewingMs, previousMs,
      changePercent: changePercent(viewingMs, previousMs), activeUsers: r?.users.count ?? 0, views: r?.views ?? 0,
    };
  });
}
