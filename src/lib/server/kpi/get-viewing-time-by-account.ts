import { DistinctCount, readClosedDaysEpoch, readDailyFacts, type FactIds } from './daily-facts.ts';
import { changePercent, accountsOf, type KpiContext } from './kpi-context.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';

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

interface AccountSums {
  viewingMs: number;
  previousMs: number;
  users: DistinctCount;
  views: number;
}

/**
 * Viewing time per account in the period (every active account listed, also those without activity). The pass
 * over the period's rollup rows is shared with the requests just before (see reuse-recent-read.ts): the viewing
 * page, the CSV and the API all read it, and at 100M events it is half a million rows.
 */
export function getViewingTimeByAccount(ctx: KpiContext, accountId?: string): AccountViewingRow[] {
  const { current, previous } = ctx.periods;
  const { ids, sums } = reuseRecentRead(ctx, 'viewing-by-account', () => sumByAccount(ctx), `${readClosedDaysEpoch(ctx)}|${previous.from}|${current.from}|${current.to}`);
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

/** Per account number: this period's and the previous period's viewing, active people and views. */
function sumByAccount(ctx: KpiContext): { ids: FactIds; sums: Map<number, AccountSums> } {
  const { current, previous } = ctx.periods;
  const { ids, days } = readDailyFacts(ctx, previous.from, current.to);
  const sums = new Map<number, AccountSums>();
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
  return { ids, sums };
}
