import { ALL_ACCOUNTS, onlyAccount, readClosedDaysEpoch, readDailyFacts } from './daily-facts.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import type { KpiContext } from './kpi-context.ts';
import { eachDay, weekOf } from './period.ts';

export interface ViewingTimePoint {
  /** Day, or the Monday of the week. */
  bucket: string;
  viewingMs: number;
  activeAccounts: number;
  /** viewingMs / activeAccounts. */
  perActiveAccountMs: number;
}

export interface ViewingTimeSeries {
  bucket: 'day' | 'week';
  points: ViewingTimePoint[];
  /** Target line for perActiveAccountMs per bucket (minutes/day × days in the bucket). */
  targetPerActiveAccountMs: number;
}

/** Viewing time over the current period by day or ISO week (weeks start on Monday), gaps filled with 0. */
export function getViewingTimeSeries(ctx: KpiContext, bucket: 'day' | 'week', accountId?: string): ViewingTimeSeries {
  // Over all accounts shared with the requests just before (see reuse-recent-read.ts), as the per-item figures.
  const p = ctx.periods.current;
  const key = `${readClosedDaysEpoch(ctx)}|${bucket}|${p.from}|${p.to}|${ctx.settings.viewingTargetMinutes}`;
  if (accountId === undefined) return reuseRecentRead(ctx, `viewing-series-${bucket}`, () => sumSeries(ctx, bucket), key);
  return sumSeries(ctx, bucket, accountId);
}

function sumSeries(ctx: KpiContext, bucket: 'day' | 'week', accountId?: string): ViewingTimeSeries {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const only = onlyAccount(ids, accountId);
  const keyOf = (day: string) => (bucket === 'week' ? weekOf(day) : day);
  const acc = new Map<string, { viewingMs: number; accounts: Set<number> }>();
  for (const day of eachDay(p)) if (!acc.has(keyOf(day))) acc.set(keyOf(day), { viewingMs: 0, accounts: new Set() });
  for (const f of days) {
    const a = acc.get(keyOf(f.day))!;
    for (let i = 0; i < f.length; i++) {
      if (!f.active[i] || (only !== ALL_ACCOUNTS && f.account[i] !== only)) continue;
      a.viewingMs += f.viewingMs[i]!;
      a.accounts.add(f.account[i]!);
    }
  }
  const points = [...acc.entries()].map(([b, a]) => ({
    bucket: b, viewingMs: a.viewingMs, activeAccounts: a.accounts.size, perActiveAccountMs: a.accounts.size ? a.viewingMs / a.accounts.size : 0,
  }));
  return { bucket, points, targetPerActiveAccountMs: ctx.settings.viewingTargetMinutes * 60_000 * (bucket === 'week' ? 7 : 1) };
}
