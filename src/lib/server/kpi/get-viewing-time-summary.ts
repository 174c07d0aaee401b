import { ALL_ACCOUNTS, DistinctCount, onlyAccount, readDailyFacts } from './daily-facts.ts';
import { changePercent, type KpiContext } from './kpi-context.ts';
import type { Period } from './period.ts';

export interface ViewingTotals {
  viewingMs: number;
  /** Accounts with any viewing time in the period. */
  activeAccounts: number;
  activeUsers: number;
  /** viewingMs / activeAccounts (0 when nobody was active). */
  perActiveAccountMs: number;
}

export interface ViewingTimeSummary {
  current: ViewingTotals;
  previous: ViewingTotals;
  /** Percent change of the total against the previous period; null when the previous period was empty. */
  changePercent: number | null;
  perAccountChangePercent: number | null;
  /** Target line: minutes per active account per day × days of the period, in ms. */
  targetPerActiveAccountMs: number;
}

function totals(ctx: KpiContext, p: Period, accountId?: string): ViewingTotals {
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const only = onlyAccount(ids, accountId);
  const accounts = new DistinctCount(ids.accounts.size);
  const users = new DistinctCount(ids.users.size);
  let viewingMs = 0;
  for (const f of days) {
    for (let i = 0; i < f.length; i++) {
      if (only !== ALL_ACCOUNTS && f.account[i] !== only) continue;
      viewingMs += f.viewingMs[i]!;
      if (!f.active[i]) continue;
      accounts.add(f.account[i]!);
      users.add(f.user[i]!);
    }
  }
  return { viewingMs, activeAccounts: accounts.count, activeUsers: users.count, perActiveAccountMs: accounts.count ? viewingMs / accounts.count : 0 };
}

/** Active viewing time of customer accounts (staff and visitors excluded), this period vs the previous one. */
export function getViewingTimeSummary(ctx: KpiContext, accountId?: string): ViewingTimeSummary {
  const current = totals(ctx, ctx.periods.current, accountId);
  const previous = totals(ctx, ctx.periods.previous, accountId);
  return {
    current,
    previous,
    changePercent: changePercent(current.viewingMs, previous.viewingMs),
    perAccountChangePercent: changePercent(current.perActiveAccountMs, previous.perActiveAccountMs),
    targetPerActiveAccountMs: ctx.settings.viewingTargetMinutes * 60_000 * ctx.periods.current.days,
  };
}
