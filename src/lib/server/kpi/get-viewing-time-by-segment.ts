import { SEGMENTS } from '../../../schemas/common.ts';
import { prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';

export interface SegmentViewingRow {
  segment: string;
  accounts: number;
  activeAccounts: number;
  viewingMs: number;
  /** viewingMs / activeAccounts. */
  perActiveAccountMs: number;
}

const SQL = `SELECT a.segment AS segment, count(DISTINCT a.id) AS accounts,
  count(DISTINCT CASE WHEN v.ms > 0 THEN a.id END) AS activeAccounts, coalesce(sum(v.ms), 0) AS viewingMs
  FROM accounts a LEFT JOIN (
    SELECT d.account_id AS id, sum(${VIEWING_MS}) AS ms FROM tracking_daily d WHERE d.day BETWEEN ? AND ? GROUP BY d.account_id
  ) v ON v.id = a.id WHERE a.disabled_at IS NULL GROUP BY a.segment`;

/** Viewing time per segment (high / low / tech touch), every segment listed. */
export function getViewingTimeBySegment(ctx: KpiContext): SegmentViewingRow[] {
  const p = ctx.periods.current;
  const rows = prepared(ctx.db, SQL).all(p.from, p.to) as Omit<SegmentViewingRow, 'perActiveAccountMs'>[];
  return SEGMENTS.map((segment) => {
    const r = rows.find((x) => x.segment === segment) ?? { segment, accounts: 0, activeAccounts: 0, viewingMs: 0 };
    return { ...r, perActiveAccountMs: r.activeAccounts ? r.viewingMs / r.activeAccounts : 0 };
  });
}
