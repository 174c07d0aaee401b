import { audienceSize, awarenessScope, endOfDay, readAudienceMap, readAwarenessPairs } from './awareness-pairs.ts';
import { IdIndex } from './daily-facts.ts';
import { accountsOf, prepared, type KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';
import { GrowingColumns } from './growing-columns.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';

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

// People are counted per item; only accounts in an item's audience can have progress on it (the portal
// never shows or serves it to others), so no per-account audience check is needed here.
const PROGRESS_SQL = `SELECT content_key, account_id, first_impression_at, first_view_at, first_engaged_at FROM tracking_progress
  WHERE account_id <> '' AND (first_impression_at IS NOT NULL OR first_view_at IS NOT NULL OR first_engaged_at IS NOT NULL)`;

/** Per person × item, as columns: when the person first knew of, opened and engaged with the item. */
interface PeopleFunnel {
  items: IdIndex;
  accounts: IdIndex;
  item: Int32Array;
  account: Int32Array;
  awareAt: Float64Array;
  viewAt: Float64Array;
  engagedAt: Float64Array;
}

function readPeopleFunnel(ctx: KpiContext): PeopleFunnel {
  // Hundreds of thousands of rows at 10M events: read as arrays, shared with the requests just before.
  return reuseRecentRead(ctx, 'people-funnel', () => {
    const rows = prepared(ctx.db, PROGRESS_SQL).raw(true).iterate() as Iterable<[string, string, number | null, number | null, number | null]>;
    const items = new IdIndex();
    const accounts = new IdIndex();
    // Row by row into columns (see growing-columns.ts): millions of rows at 100M events.
    const cols = new GrowingColumns({ item: 'i32', account: 'i32', awareAt: 'f64', viewAt: 'f64', engagedAt: 'f64' }, 65_536);
    for (const [key, accountId, impression, view, engaged] of rows) {
      const i = cols.row();
      const c = cols.columns;
      c.item[i] = items.numberOf(key);
      c.account[i] = accounts.numberOf(accountId);
      c.awareAt[i] = Math.min(impression ?? Infinity, view ?? Infinity, engaged ?? Infinity);
      c.viewAt[i] = view ?? Infinity;
      c.engagedAt[i] = engaged ?? Infinity;
    }
    const f: PeopleFunnel = { items, accounts, ...cols.take() };
    return f;
  });
}

/** People per item aware / viewed / engaged before `asOf`, in the accounts counted (not disabled). */
function countPeople(ctx: KpiContext, asOf: number, accountId?: string): Map<string, { aware: number; viewed: number; engaged: number }> {
  const f = readPeopleFunnel(ctx);
  const counted = new Uint8Array(f.accounts.size);
  for (const a of accountsOf(ctx, accountId)) if (f.accounts.find(a.id) >= 0) counted[f.accounts.find(a.id)] = 1;
  const sums = f.items.names.map(() => ({ aware: 0, viewed: 0, engaged: 0 }));
  for (let i = 0; i < f.item.length; i++) {
    if (!counted[f.account[i]!] || !(f.awareAt[i]! < asOf)) continue;
    const s = sums[f.item[i]!]!;
    s.aware += 1;
    if (f.viewAt[i]! < asOf) s.viewed += 1;
    if (f.engagedAt[i]! < asOf) s.engaged += 1;
  }
  return new Map(f.items.names.map((key, n) => [key, sums[n]!]));
}

/** Per item: audience → aware → viewed → engaged, in accounts and in people, as of the end of the period. */
export function getAwarenessByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  if (accountId === undefined) return reuseRecentRead(ctx, 'awareness-by-item', () => funnelByItem(ctx), awarenessScope(ctx));
  return funnelByItem(ctx, accountId);
}

function funnelByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const pairs = readAwarenessPairs(ctx, accountId);
  const map = readAudienceMap(ctx, accountId);
  const progress = countPeople(ctx, asOf, accountId);
  // Accounts per item position, from the awareness rows of accounts the item is meant for: work grows
  // with the rows, not with accounts × items.
  const aware = new Int32Array(map.items.length);
  const viewed = new Int32Array(map.items.length);
  const engaged = new Int32Array(map.items.length);
  for (const account of accountsOf(ctx, accountId)) {
    const meant = map.classOf.get(account)!.meant;
    for (const [key, p] of pairs.get(account.id) ?? []) {
      const k = map.indexOf.get(key);
      if (k === undefined || !meant[k]) continue;
      if (p.awareAt < asOf) aware[k]! += 1;
      if (p.viewAt != null && p.viewAt < asOf) viewed[k]! += 1;
      if (p.engagedAt != null && p.engagedAt < asOf) engaged[k]! += 1;
    }
  }
  const rows: AwarenessFunnelRow[] = [];
  map.items.forEach((item, k) => {
    if (!isCoreItem(item) || item.publishedAt.getTime() >= asOf) return;
    const pp = progress.get(item.key);
    const { accounts: audienceAccounts, people: audiencePeople } = audienceSize(map, k);
    rows.push({
      key: item.key, title: item.title, type: item.type, level: item.level, publishedAt: item.publishedAt.toISOString().slice(0, 10),
      audienceAccounts, awareAccounts: aware[k]!, viewedAccounts: viewed[k]!, engagedAccounts: engaged[k]!,
      ratePercent: audienceAccounts ? (aware[k]! / audienceAccounts) * 100 : null,
      audiencePeople, awarePeople: pp?.aware ?? 0, viewedPeople: pp?.viewed ?? 0, engagedPeople: pp?.engaged ?? 0,
    });
  });
  return rows;
}
