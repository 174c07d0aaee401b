import { SEGMENTS } from '../../../schemas/common.ts';
import { getViewingTimeByAccount } from './get-viewing-time-by-account.ts';
import type { KpiContext } from './kpi-context.ts';

export interface SegmentViewingRow {
  segment: string;
  accounts: number;
  activeAccounts: number;
  viewingMs: number;
  /** viewingMs / activeAccounts. */
  perActiveAccountMs: number;
}

/**
 * Viewing time per segment (high / low / tech touch) of the accounts not disabled, every segment listed: the
 * per-account figures (shared across requests, see get-viewing-time-by-account.ts) added up by segment.
 */
export function getViewingTimeBySegment(ctx: KpiContext): SegmentViewingRow[] {
  const sums = new Map(SEGMENTS.map((segment) => [segment as string, { segment, accounts: 0, activeAccounts: 0, viewingMs: 0 }]));
  for (const a of getViewingTimeByAccount(ctx)) {
    const r = sums.get(a.segment);
    if (!r) continue;
    r.accounts += 1;
    r.viewingMs += a.viewingMs;
    if (a.viewingMs > 0) r.activeAccounts += 1;
  }
  return SEGMENTS.map((segment) => {
    const r = sums.get(segment)!;
    return { ...r, perActiveAccountMs: r.activeAccounts ? r.viewingMs / r.activeAccounts : 0 };
  });
}
