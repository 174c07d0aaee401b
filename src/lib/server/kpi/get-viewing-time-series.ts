import { prepared, VIEWING_MS, type KpiContext } from './kpi-context.ts';
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

const SQL = `SELECT d.day AS day, d.account_id AS accountId, sum(${VIEWING_MS}) AS viewingMs
  FROM tracking_daily d WHERE d.day BETWEEN ? AND ? AND d.account_id <> '' AND (d.active_ms > 0 OR d.video_ms > 0)`;

/** Viewing time over the current period by day or ISO week (weeks start on Monday), gaps filled with 0. */
export function getViewingTimeSeries(ctx: KpiContext, bucket: 'day' | 'week', accountId?: string): ViewingTimeSeries {
  const p = ctx.periods.current;
  const sql = `${SQL}${accountId === undefined ? '' : ' AND d.account_id = ?'} GROUP BY d.day, d.account_id`;
  const rows = prepared(ctx.db, sql).all(...(accountId === undefined ? [p.from, p.to] : [p.from, p.to, accountId])) as {
    day: string; accountId: string; viewingMs: number;
  }[];
  const keyOf = (day: string) => (bucket === 'week' ? weekOf(day) : day);
  const acc = new Map<string, { viewingMs: number; accounts: Set<string> }>();
  for (const day of eachDay(p)) if (!acc.has(keyOf(day))) acc.set(keyOf(day), { viewingMs: 0, accounts: new Set() });
  for (const r of rows) {
    const a = acc.get(keyOf(r.day))!;
    a.viewingMs += r.viewingMs;
    a.accounts.add(r.accountId);
  }
  const points = [...acc.entries()].map(([b, a]) => ({
    bucket: b, viewingMs: a.viewingMs, activeAccounts: a.accounts.size, perActiveAccountMs: a.accounts.size ? a.viewingMs / a.accounts.size : 0,
  }));
  return { bucket, points, targetPerActiveAccountMs: ctx.settings.viewingTargetMinutes * 60_000 * (bucket === 'week' ? 7 : 1) };
}
