import { awarenessScope, endOfDay } from './awareness-pairs.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import { accountsOf, prepared, type KpiContext } from './kpi-context.ts';
import { isMeantFor } from './kpi-content.ts';
import { dayInZone, eachDay } from './period.ts';

export interface AnnouncementReachRow {
  key: string;
  title: string;
  publishedAt: string;
  audienceAccounts: number;
  reachedAccounts: number;
  reachedPeople: number;
  openedPeople: number;
  /** reachedAccounts / audienceAccounts, percent. */
  ratePercent: number | null;
  /** Cumulative reached accounts at the end of each day of the period. */
  series: { day: string; reachedAccounts: number }[];
}

const SQL = `SELECT r.account_id AS accountId, min(r.first_seen_at) AS firstSeen, count(*) AS people,
  sum(CASE WHEN r.opened_at < ? THEN 1 ELSE 0 END) AS opened
  FROM tracking_announcement_reach r WHERE r.announcement_key = ? AND r.account_id <> '' AND r.first_seen_at < ? GROUP BY r.account_id`;

/** Per announcement: how many of the accounts it was meant for it reached, and how that grew day by day. */
export function getAnnouncementReach(ctx: KpiContext): AnnouncementReachRow[] {
  // A query per announcement over reach rows that grow with people × announcements: shared with the requests
  // just before, like the other awareness figures. Shared: callers must not change the rows.
  return reuseRecentRead(ctx, 'announcement-reach', () => readReach(ctx), awarenessScope(ctx));
}

function readReach(ctx: KpiContext): AnnouncementReachRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const accounts = accountsOf(ctx);
  const activeIds = new Set(accounts.map((a) => a.id));
  const days = eachDay(ctx.periods.current);
  return ctx.content.items
    .filter((i) => i.type === 'announcement' && i.publishedAt.getTime() < asOf)
    .map((item) => {
      const rows = (prepared(ctx.db, SQL).all(asOf, item.key, asOf) as { accountId: string; firstSeen: number; people: number; opened: number }[]).filter((r) =>
        activeIds.has(r.accountId),
      );
      const firstDays = rows.map((r) => dayInZone(r.firstSeen, ctx.settings.timeZone)).sort();
      let i = 0;
      const series = days.map((day) => {
        while (i < firstDays.length && firstDays[i]! <= day) i++;
        return { day, reachedAccounts: i };
      });
      const audienceAccounts = accounts.filter((a) => isMeantFor(item, a)).length;
      return {
        key: item.key, title: item.title, publishedAt: item.publishedAt.toISOString().slice(0, 10), audienceAccounts,
        reachedAccounts: rows.length, reachedPeople: rows.reduce((s, r) => s + r.people, 0), openedPeople: rows.reduce((s, r) => s + r.opened, 0),
        ratePercent: audienceAccounts ? (rows.length / audienceAccounts) * 100 : null, series,
      };
    });
}
