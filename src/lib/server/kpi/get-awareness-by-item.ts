import { endOfDay, pairKey, readAwarenessPairs } from './awareness-pairs.ts';
import { listActiveAccounts, prepared, type KpiContext } from './kpi-context.ts';
import { isCoreItem, isMeantFor } from './kpi-content.ts';

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
const PROGRESS_SQL = `SELECT p.content_key AS key, p.account_id AS accountId,
  sum(CASE WHEN p.first_impression_at < @asOf OR p.first_view_at < @asOf OR p.first_engaged_at < @asOf THEN 1 ELSE 0 END) AS aware,
  sum(CASE WHEN p.first_view_at < @asOf THEN 1 ELSE 0 END) AS viewed,
  sum(CASE WHEN p.first_engaged_at < @asOf THEN 1 ELSE 0 END) AS engaged
  FROM tracking_progress p JOIN users u ON u.id = p.user_id WHERE p.account_id <> '' AND u.disabled_at IS NULL
  GROUP BY p.content_key, p.account_id`;

/** Per item: audience → aware → viewed → engaged, in accounts and in people, as of the end of the period. */
export function getAwarenessByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const accounts = listActiveAccounts(ctx.db, accountId);
  const pairs = readAwarenessPairs(ctx, accountId);
  const people = new Map((prepared(ctx.db, PEOPLE_SQL).all() as { accountId: string; people: number }[]).map((r) => [r.accountId, r.people]));
  const progress = new Map<string, { aware: number; viewed: number; engaged: number }>();
  for (const r of prepared(ctx.db, PROGRESS_SQL).all({ asOf }) as { key: string; accountId: string; aware: number; viewed: number; engaged: number }[]) {
    progress.set(pairKey(r.accountId, r.key), r);
  }
  const rows: AwarenessFunnelRow[] = [];
  for (const item of ctx.content.items) {
    if (!isCoreItem(item) || item.publishedAt.getTime() >= asOf) continue;
    const row: AwarenessFunnelRow = {
      key: item.key, title: item.title, type: item.type, level: item.level, publishedAt: item.publishedAt.toISOString().slice(0, 10),
      audienceAccounts: 0, awareAccounts: 0, viewedAccounts: 0, engagedAccounts: 0, ratePercent: null,
      audiencePeople: 0, awarePeople: 0, viewedPeople: 0, engagedPeople: 0,
    };
    for (const a of accounts) {
      if (!isMeantFor(item, a)) continue;
      row.audienceAccounts += 1;
      row.audiencePeople += people.get(a.id) ?? 0;
      const p = pairs.get(pairKey(a.id, item.key));
      if (p && p.awareAt < asOf) row.awareAccounts += 1;
      if (p?.viewAt != null && p.viewAt < asOf) row.viewedAccounts += 1;
      if (p?.engagedAt != null && p.engagedAt < asOf) row.engagedAccounts += 1;
      const pp = progress.get(pairKey(a.id, item.key));
      if (pp) {
        row.awarePeople += pp.aware;
        row.viewedPeople += pp.viewed;
        row.engagedPeople += pp.engaged;
      }
    }
    row.ratePercent = row.audienceAccounts ? (row.awareAccounts / row.audienceAccounts) * 100 : null;
    rows.push(row);
  }
  return rows;
}
