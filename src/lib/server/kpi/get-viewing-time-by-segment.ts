import { SEGMENTS } from '../../../schemas/common.ts';
import { readDailyFacts } from './daily-facts.ts';
import { accountsOf, type KpiContext } from './kpi-context.ts';

export interface SegmentViewingRow {
  segment: string;
  accounts: number;
  activeAccounts: number;
  viewingMs: number;
  /** viewingMs / activeAccounts. */
  perActiveAccountMs: number;
}

/** Viewing time per segment (high / low / tech touch) of the accounts not disabled, every segment listed. */
export function getViewingTimeBySegment(ctx: KpiContext): SegmentViewingRow[] {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const perAccount = new Float64Array(ids.accounts.size);
  for (const f of days) for (let i = 0; i < f.length; i++) perAccount[f.account[i]!]! += f.viewingMs[i]!;
  return SEGMENTS.map((segment) => {
    const r = { segment, accounts: 0, activeAccounts: 0, viewingMs: 0 };
    for (const a of accountsOf(ctx)) {
      if (a.segment !== segment) continue;
      const n = ids.accounts.find(a.id);
      const ms = n < 0 ? 0 : perAccount[n]!;
      r.accounts += 1;
      r.viewingMs += ms;
      if (ms > 0) r.activeAccounts += 1;
    }
    return { ...r, perActiveAccountMs: r.activeAccounts ? r.viewingMs / r.activeAccounts : 0 };
  });
}
