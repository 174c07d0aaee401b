import { audienceSize, awarenessScope, endOfDay, readAudienceMap, tallyMeantItems } from './awareness-pairs.ts';
import { IdIndex } from './daily-facts.ts';
import { accountsOf, prepared, type AccountRow, type KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';
import { GrowingColumns } from './growing-columns.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import { readKeptWithChanges, wholeReadDue } from './changed-rows.ts';

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
const PROGRESS_COLUMNS = `user_id, content_key, account_id, first_impression_at, first_view_at, first_engaged_at FROM tracking_progress`;
const PROGRESS_SQL = `SELECT ${PROGRESS_COLUMNS}
  WHERE account_id <> '' AND (first_impression_at IS NOT NULL OR first_view_at IS NOT NULL OR first_engaged_at IS NOT NULL)`;
// Unfiltered: a changed row that no longer counts must replace the row kept for it.
const CHANGED_PROGRESS_SQL = `SELECT ${PROGRESS_COLUMNS} WHERE change_seq > ?`;

type ProgressRow = [string, string, string, number | null, number | null, number | null];

/** One person × item of the funnel changed since the columns were read. */
interface FunnelRow {
  item: number;
  account: number;
  awareAt: number;
  viewAt: number;
  engagedAt: number;
}

/**
 * Per person × item: when the person first knew of, opened and engaged with the item. The columns as read
 * in full, and the rows changed since (changed-rows.ts), which replace the column rows they name.
 */
interface PeopleFunnel {
  items: IdIndex;
  accounts: IdIndex;
  users: IdIndex;
  item: Int32Array;
  account: Int32Array;
  user: Int32Array;
  awareAt: Float64Array;
  viewAt: Float64Array;
  engagedAt: Float64Array;
  /** The column rows of user number u are rowsOf[userStart[u]] … rowsOf[userStart[u + 1] - 1]. */
  userStart: Int32Array;
  rowsOf: Int32Array;
  /** Column rows a changed row replaced: about as many as the changed rows, so a refresh copies few. */
  replaced: Set<number>;
  /** By user number × 2^20 + item number. */
  changed: Map<number, FunnelRow>;
}

const ITEM_SPAN = 1_048_576;
/** Changed rows beyond this share of the columns: read everything again (counting takes out replaced rows). */
const MAX_CHANGED_SHARE = 1 / 8;

const firstOf = (impression: number | null, view: number | null, engaged: number | null) => Math.min(impression ?? Infinity, view ?? Infinity, engaged ?? Infinity);

function readPeopleFunnel(ctx: KpiContext): PeopleFunnel {
  // Millions of rows at 100M events: shared with the requests just before, and under live ingest brought
  // up to date with the rows changed since instead of read again.
  return reuseRecentRead(ctx, 'people-funnel', () =>
    readKeptWithChanges(ctx, 'people-funnel', 'tracking_progress', () => readWholeFunnel(ctx), (previous, since) => applyFunnelChanges(ctx, previous, since)),
    wholeReadDue(ctx, 'people-funnel'),
  );
}

function readWholeFunnel(ctx: KpiContext): PeopleFunnel {
  const rows = prepared(ctx.db, PROGRESS_SQL).raw(true).iterate() as Iterable<ProgressRow>;
  const items = new IdIndex();
  const accounts = new IdIndex();
  const users = new IdIndex();
  // Row by row into columns (see growing-columns.ts): millions of rows at 100M events.
  const cols = new GrowingColumns({ item: 'i32', account: 'i32', user: 'i32', awareAt: 'f64', viewAt: 'f64', engagedAt: 'f64' }, 65_536);
  for (const [userId, key, accountId, impression, view, engaged] of rows) {
    const i = cols.row();
    const c = cols.columns;
    c.item[i] = items.numberOf(key);
    c.account[i] = accounts.numberOf(accountId);
    c.user[i] = users.numberOf(userId);
    c.awareAt[i] = firstOf(impression, view, engaged);
    c.viewAt[i] = view ?? Infinity;
    c.engagedAt[i] = engaged ?? Infinity;
  }
  const columns = cols.take();
  // Rows by user (a counting sort), so that a changed row finds the row it replaces among its person's few.
  const userStart = new Int32Array(users.size + 1);
  for (const u of columns.user) userStart[u + 1]! += 1;
  for (let u = 0; u < users.size; u++) userStart[u + 1]! += userStart[u]!;
  const next = userStart.slice(0, users.size);
  const rowsOf = new Int32Array(columns.user.length);
  columns.user.forEach((u, i) => (rowsOf[next[u]!++] = i));
  return { items, accounts, users, ...columns, userStart, rowsOf, replaced: new Set(), changed: new Map() };
}

/** A new funnel sharing the kept columns: the changed rows added, the rows they replace marked. */
function applyFunnelChanges(ctx: KpiContext, f: PeopleFunnel, since: number): PeopleFunnel | undefined {
  const rows = prepared(ctx.db, CHANGED_PROGRESS_SQL).raw(true).iterate(since) as Iterable<ProgressRow>;
  const replaced = new Set(f.replaced);
  const changed = new Map(f.changed);
  for (const [userId, key, accountId, impression, view, engaged] of rows) {
    const u = f.users.numberOf(userId);
    const item = f.items.numberOf(key);
    for (let j = f.userStart[u] ?? 0, end = f.userStart[u + 1] ?? 0; j < end; j++) {
      const r = f.rowsOf[j]!;
      if (f.item[r] === item) replaced.add(r);
    }
    const awareAt = firstOf(impression, view, engaged);
    const id = u * ITEM_SPAN + item;
    if (accountId === '' || awareAt === Infinity) changed.delete(id);
    else changed.set(id, { item, account: f.accounts.numberOf(accountId), awareAt, viewAt: view ?? Infinity, engagedAt: engaged ?? Infinity });
    if (changed.size > f.item.length * MAX_CHANGED_SHARE + 1_000) return undefined;
  }
  return { ...f, replaced, changed };
}

/** People per item aware / viewed / engaged before `asOf`, in the accounts counted (not disabled). */
function countPeople(ctx: KpiContext, asOf: number, accountId?: string): Map<string, { aware: number; viewed: number; engaged: number }> {
  const f = readPeopleFunnel(ctx);
  const accounts = accountsOf(ctx, accountId);
  const counted = new Uint8Array(f.accounts.size);
  for (const a of accounts) if (f.accounts.find(a.id) >= 0) counted[f.accounts.find(a.id)] = 1;
  const add = (sums: Int32Array, by: number, item: number, account: number, awareAt: number, viewAt: number, engagedAt: number) => {
    if (!counted[account] || !(awareAt < asOf)) return;
    sums[item * 3]! += by;
    if (viewAt < asOf) sums[item * 3 + 1]! += by;
    if (engagedAt < asOf) sums[item * 3 + 2]! += by;
  };
  // The columns' counts (every row, replaced or not) are kept while the columns, the moment and the accounts
  // stand (accountsOf is kept per audience epoch): under live ingest a refresh takes the replaced rows out
  // and adds the changed ones, instead of passing over millions of rows again.
  const kept = accountId === undefined ? columnCounts.get(f.item) : undefined;
  let base: Int32Array;
  if (kept && kept.asOf === asOf && kept.accounts === accounts) base = kept.sums;
  else {
    base = new Int32Array(f.items.size * 3);
    for (let i = 0; i < f.item.length; i++) add(base, 1, f.item[i]!, f.account[i]!, f.awareAt[i]!, f.viewAt[i]!, f.engagedAt[i]!);
    if (accountId === undefined) columnCounts.set(f.item, { asOf, accounts, sums: base });
  }
  // Changed rows may name items the columns never had: room for every item numbered by now.
  const sums = new Int32Array(f.items.size * 3);
  sums.set(base);
  for (const r of f.replaced) add(sums, -1, f.item[r]!, f.account[r]!, f.awareAt[r]!, f.viewAt[r]!, f.engagedAt[r]!);
  for (const r of f.changed.values()) add(sums, 1, r.item, r.account, r.awareAt, r.viewAt, r.engagedAt);
  return new Map(f.items.names.map((key, n) => [key, { aware: sums[n * 3]!, viewed: sums[n * 3 + 1]!, engaged: sums[n * 3 + 2]! }]));
}

/** Counts over all of a funnel's column rows, by its item column (shared by the funnels made from it). */
const columnCounts = new WeakMap<Int32Array, { asOf: number; accounts: AccountRow[]; sums: Int32Array }>();

/** Per item: audience → aware → viewed → engaged, in accounts and in people, as of the end of the period. */
export function getAwarenessByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  if (accountId === undefined) return reuseRecentRead(ctx, 'awareness-by-item', () => funnelByItem(ctx), awarenessScope(ctx));
  return funnelByItem(ctx, accountId);
}

function funnelByItem(ctx: KpiContext, accountId?: string): AwarenessFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const map = readAudienceMap(ctx, accountId);
  const progress = countPeople(ctx, asOf, accountId);
  // Accounts per item position, from the awareness rows of accounts the item is meant for: work grows
  // with the rows, not with accounts × items.
  const aware = new Int32Array(map.items.length);
  const viewed = new Int32Array(map.items.length);
  const engaged = new Int32Array(map.items.length);
  // Items (positions in the map) each account knew, opened and engaged with by asOf, kept per account by its
  // awareness rows (tallyMeantItems' `keep`): a refresh under live ingest goes through the changed accounts alone.
  const tallies = tallyMeantItems(ctx, asOf, accountId, () => () => ({ aware: [] as number[], viewed: [] as number[], engaged: [] as number[] }), (t, item, p) => {
    const k = map.indexOf.get(item.key)!;
    if (p.awareAt < asOf) t.aware.push(k);
    if (p.viewAt != null && p.viewAt < asOf) t.viewed.push(k);
    if (p.engagedAt != null && p.engagedAt < asOf) t.engaged.push(k);
  }, 'awareness-by-item');
  for (const { tally } of tallies) {
    for (const k of tally.aware) aware[k]! += 1;
    for (const k of tally.viewed) viewed[k]! += 1;
    for (const k of tally.engaged) engaged[k]! += 1;
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
