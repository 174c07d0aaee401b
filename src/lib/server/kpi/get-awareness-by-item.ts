import { audienceOf, endOfDay, pairKey, readAwarenessPairs } from './awareness-pairs.ts';
import { prepared, type KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';

export interface AwarenessFunnelRow {
  key: string;
  title: string;
  type: string;
  level: number;
  publishedAt: string;
  audienceAccounts: number;
  awareAccounts: number;
  viewedAccounts: number;
  engagedAccounts: number;
  /** awareAccounts / audienceAccounts, percent; null without audience. */
  ratePercent: number | null;
  audiencePeople: number;
  awarePeople: number;
  viewedPeople: number;
  engagedPeople: number;
}

const PEOPLE_SQL = `SELECT a.id AS accountId, count(*) AS people FROM users u JOIN accounts a ON a.id = u.account_id
  WHERE u.disabled_at IS NULL AND a.disabled_at IS NULL AND u.role IN ('customer', 'customer-admin') GROUP BY a.id`;
// People are counted per item; only accounts in an item's audience can have progress on it (the portal
// never shows or serves it to others), so no per-account audience check is needed here.
const PROGRESS_SQL = `SELECT p.content_key AS key,
  sum(CASE WHEN p.first_impression_at < @asOf OR p.first_view_at < @asOf OR p.first_engaged_at < @asOf THEN 1 ELSE 0 END) AS aware,
  sum(CASE WHEN p.first_view_at < @asOf THEN 1 ELSE 0 END) AS viewed,
  sum(CASE WHEN p.first_engaged_at < @asOf THEN 1 ELSE 0 END) AS engaged
  FROM tracking_progress p JOIN accounts a ON a.id = p.account_id WHERE a.disabled_at IS NULL`;

/** Per item: audience → aware → viewed → engaged, in accounts and in people, as of the end of the period. */
export function getAwarenessByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const pairs = readAwarenessPairs(ctx, accountId);
  const people = new Map((prepared(ctx.db, PEOPLE_SQL).all() as { accountId: string; people: number }[]).map((r) => [r.accountId, r.people]));
  const sql = `${PROGRESS_SQL}${accountId === undefined ? '' : ' AND p.account_id = @accountId'} GROUP BY p.content_key`;
  const progress = new Map(
    (prepared(ctx.db, sql).all(accountId === undefined ? { asOf } : { asOf, accountId }) as { key: string; aware: number; viewed: number; engaged: number }[]).map((r) => [r.key, r]),
  );
  const rows: AwarenessFunnelRow[] = [];
  for (const item of ctx.content.items) {
    if (!isCoreItem(item) || item.publishedAt.getTime() >= asOf) continue;
    const pp = progress.get(item.key);
    const row: AwarenessFunnelRow = {
      key: item.key, title: item.title, type: item.type, level: item.level, publishedAt: item.publishedAt.toISOString().slice(0, 10),
      audienceAccounts: 0, awareAccounts: 0, viewedAccounts: 0, engagedAccounts: 0, ratePercent: null,
      audiencePeople: 0, awarePeople: pp?.aware ?? 0, viewedPeople: pp?.viewed ?? 0, engagedPeople: pp?.engaged ?? 0,
    };
    for (const a of audienceOf(ctx, item, accountId)) {
      row.audienceAccounts += 1;
      row.audiencePeople += people.get(a.id) ?? 0;
      const p = pairs.get(pairKey(a.id, item.key));
      if (p && p.awareAt < asOf) row.awareAccounts += 1;
      if (p?.viewAt != null && p.viewAt < asOf) row.viewedAccounts += 1;
      if (p?.engagedAt != null && p.engagedAt < asOf) row.engagedAccounts += 1;
    }
    row.ratePercent = row.audienceAccounts ? (row.awareAccounts / row.audienceAccounts) * 100 : null;
    rows.push(row);
  }
  return rows;
}
