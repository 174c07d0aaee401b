// Shared reading of the account × item awareness table for the awareness queries.
import { dialectOf, leastFn, type Dialect } from '../db/dialect.ts';
import { accountsOf, memo, peopleByAccount, prepared, type AccountRow, type KpiContext } from './kpi-context.ts';
import { isCoreItem, isMeantFor, type KpiItem } from './kpi-content.ts';
import { addDays, startOfDayInZone } from './period.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import { readKeptWithChanges, wholeReadDue } from './changed-rows.ts';
import { fingerprintOf, identityOf, readAudienceEpoch } from './account-state-epoch.ts';

export interface AwarenessPair {
  /** First moment anybody in the account saw, opened or engaged with the item (epoch ms). */
  awareAt: number;
  viewAt: number | null;
  engagedAt: number | null;
}

const NEVER = 9e15;
// Every argument of the row-wise smallest is coalesced: SQLite's min() would give NULL for a NULL one,
// PostgreSQL's least() would skip it.
const pairColumns = (d: Dialect) => `account_id, content_key,
  ${leastFn(d)}(coalesce(first_impression_at, ${NEVER}), coalesce(first_view_at, ${NEVER}), coalesce(first_engaged_at, ${NEVER})) AS awareAt,
  first_view_at, first_engaged_at FROM tracking_account_awareness`;
const pairsSql = (d: Dialect) => `SELECT ${pairColumns(d)} WHERE account_id <> ''`;
// Unfiltered: a changed row that no longer counts must replace what was kept.
const changedPairsSql = (d: Dialect) => `SELECT ${pairColumns(d)} WHERE change_seq > ?`;

type PairRow = [string, string, number, number | null, number | null];

/** Account id → content key → awareness timestamps (nested, so lookups need no key strings built). */
export type AwarenessPairs = Map<string, Map<string, AwarenessPair>>;

export function readAwarenessPairs(ctx: KpiContext, accountId?: string): AwarenessPairs {
  // All accounts: millions of rows at 100M events, shared with the requests just before (see
  // reuse-recent-read.ts) and, under live ingest, brought up to date with the rows changed since (changed-rows.ts).
  if (accountId === undefined) {
    return reuseRecentRead(ctx, 'awareness-pairs', () =>
      readKeptWithChanges(ctx, 'awareness-pairs', 'tracking_account_awareness', () => loadPairs(ctx), (previous, since) => applyPairChanges(ctx, previous, since)),
      wholeReadDue(ctx, 'awareness-pairs'),
    );
  }
  return memo(ctx, `pairs-${accountId}`, () => loadPairs(ctx, accountId));
}

/** A new map: the kept one's accounts, with the changed accounts' maps copied and changed. */
function applyPairChanges(ctx: KpiContext, previous: AwarenessPairs, since: number): AwarenessPairs {
  const rows = prepared(ctx.db, changedPairsSql(dialectOf(ctx.db))).raw(true).iterate(since) as Iterable<PairRow>;
  const pairs: AwarenessPairs = new Map(previous);
  const copied = new Set<string>();
  for (const [account, key, awareAt, viewAt, engagedAt] of rows) {
    if (account === '') continue; // staff and visitors: never counted
    let mine = pairs.get(account);
    if (!copied.has(account)) {
      copied.add(account);
      pairs.set(account, (mine = new Map(mine)));
    }
    const itemKey = ctx.content.byKey.get(key)?.key ?? key;
    if (awareAt >= NEVER) mine!.delete(itemKey);
    else mine!.set(itemKey, { awareAt, viewAt, engagedAt });
  }
  return pairs;
}

function loadPairs(ctx: KpiContext, accountId?: string): AwarenessPairs {
  const all = pairsSql(dialectOf(ctx.db));
  const sql = accountId === undefined ? all : `${all} AND account_id = ?`;
  // Rows as arrays, one at a time (see growing-columns.ts): millions at 5,000 accounts × 1,000 items, and
  // objects per row cost more to make and collect than the map entries built from them.
  const rows = prepared(ctx.db, sql).raw(true).iterate(...(accountId === undefined ? [] : [accountId])) as Iterable<PairRow>;
  const pairs: AwarenessPairs = new Map();
  let lastAccount = '';
  let mine: Map<string, AwarenessPair> | undefined;
  for (const [account, key, awareAt, viewAt, engagedAt] of rows) {
    if (awareAt >= NEVER) continue;
    // Consecutive rows often share an account (written together): its map is looked up once per run of them.
    if (account !== lastAccount || !mine) {
      lastAccount = account;
      mine = pairs.get(account);
      if (!mine) pairs.set(account, (mine = new Map()));
    }
    // The content's own key strings: lookups by item.key then match by identity, not by comparing text.
    mine.set(ctx.content.byKey.get(key)?.key ?? key, { awareAt, viewAt, engagedAt });
  }
  return pairs;
}

/**
 * What an awareness figure over all accounts depends on besides tracking (which reuseRecentRead follows):
 * accounts and people (the audience epoch: a tick or an answer leaves it), the content, the settings and the
 * periods. Used as the scope of the figures shared across requests, like the account evaluation's.
 */
export function awarenessScope(ctx: KpiContext): string {
  return `${readAudienceEpoch(ctx.db)}|${identityOf(ctx.content)}|${fingerprintOf(ctx.settings)}|${JSON.stringify(ctx.periods)}`;
}

/** First instant after the last day of a period, in the reporting time zone ("as of the end of `day`"). */
export function endOfDay(ctx: KpiContext, day: string): number {
  return startOfDayInZone(addDays(day, 1), ctx.settings.timeZone);
}

/**
 * Accounts the audience rules cannot tell apart: isMeantFor reads only an account's segment and plan, so
 * with thousands of accounts and items, who an item is meant for is worked out per class (a handful), not
 * per account × item (millions at 5,000 accounts and 1,000 items).
 */
export interface AudienceClass {
  accounts: AccountRow[];
  /** Enabled customer people in those accounts. */
  people: number;
  /** Per item of `AudienceMap.items` (by position): whether it is meant for these accounts. */
  meant: Uint8Array;
}

export interface AudienceMap {
  /** Every content item, in content order. */
  items: KpiItem[];
  /** Position of an item in `items`, by its key. */
  indexOf: Map<string, number>;
  classes: AudienceClass[];
  /** The class of each account row. */
  classOf: Map<AccountRow, AudienceClass>;
}

/** Who each item is meant for, by audience class, once per context (and account, when one is asked for). */
export function readAudienceMap(ctx: KpiContext, accountId?: string): AudienceMap {
  return memo(ctx, `audience-map-${accountId ?? ''}`, () => {
    if (accountId !== undefined) return mapAudience(ctx, accountId);
    // Over all accounts it is kept while the account list (kept per audience epoch) and the content stand.
    const accounts = accountsOf(ctx);
    const kept = audienceMaps.get(accounts);
    if (kept?.content === ctx.content) return kept.map;
    const map = mapAudience(ctx);
    audienceMaps.set(accounts, { content: ctx.content, map });
    return map;
  });
}

const audienceMaps = new WeakMap<AccountRow[], { content: KpiContext['content']; map: AudienceMap }>();

function mapAudience(ctx: KpiContext, accountId?: string): AudienceMap {
  const items = ctx.content.items;
  const people = peopleByAccount(ctx);
  const byKey = new Map<string, AudienceClass>();
  const classOf = new Map<AccountRow, AudienceClass>();
  const classes: AudienceClass[] = [];
  for (const account of accountsOf(ctx, accountId)) {
    const key = `${account.segment}\u0000${account.plan}`;
    let c = byKey.get(key);
    if (!c) {
      c = { accounts: [], people: 0, meant: Uint8Array.from(items, (item) => (isMeantFor(item, account) ? 1 : 0)) };
      byKey.set(key, c);
      classes.push(c);
    }
    c.accounts.push(account);
    c.people += people.get(account.id) ?? 0;
    classOf.set(account, c);
  }
  return { items, indexOf: new Map(items.map((item, k) => [item.key, k])), classes, classOf };
}

/** Accounts and their people that the item at position `k` of the map is meant for. */
export function audienceSize(map: AudienceMap, k: number): { accounts: number; people: number } {
  let accounts = 0;
  let people = 0;
  for (const c of map.classes) {
    if (!c.meant[k]) continue;
    accounts += c.accounts.length;
    people += c.people;
  }
  return { accounts, people };
}

/** Enabled customer people in the accounts a content item is meant for. */
export function audiencePeopleOf(ctx: KpiContext, item: KpiItem): number {
  const map = readAudienceMap(ctx);
  return audienceSize(map, map.indexOf.get(item.key)!).people;
}

/**
 * Account by account, a tally over the core items published before `publishedBefore` that are meant for
 * the account. `init` is given those items once per audience class and returns how to start a tally for
 * one account of it; `visit` adds each item somebody in the account has come across, with its awareness.
 * Work grows with accounts + awareness rows, not accounts × items.
 */
export function tallyMeantItems<T>(
  ctx: KpiContext,
  publishedBefore: number,
  accountId: string | undefined,
  init: (meant: readonly KpiItem[]) => () => T,
  visit: (tally: T, item: KpiItem, pair: AwarenessPair) => void,
  keep?: string,
  variant = '',
): { account: AccountRow; tally: T }[] {
  const map = readAudienceMap(ctx, accountId);
  const pairs = readAwarenessPairs(ctx, accountId);
  const counted = Uint8Array.from(map.items, (i) => (isCoreItem(i) && i.publishedAt.getTime() < publishedBefore ? 1 : 0));
  const start = new Map(map.classes.map((c) => [c, init(map.items.filter((_, k) => counted[k] && c.meant[k]))]));
  return accountsOf(ctx, accountId).map((account) => {
    const c = map.classOf.get(account)!;
    const meant = c.meant;
    const mine = pairs.get(account.id);
    const kept = keep && mine ? keptTallies.get(mine)?.get(keep) : undefined;
    if (kept && kept.meant === meant && kept.items === map.items && kept.publishedBefore === publishedBefore && kept.variant === variant) return { account, tally: kept.tally as T };
    const tally = start.get(c)!();
    for (const [key, pair] of mine ?? []) {
      const k = map.indexOf.get(key);
      if (k !== undefined && counted[k] && meant[k]) visit(tally, map.items[k]!, pair);
    }
    if (keep && mine) {
      let byName = keptTallies.get(mine);
      if (!byName) keptTallies.set(mine, (byName = new Map()));
      byName.set(keep, { meant, items: map.items, publishedBefore, variant, tally });
    }
    return { account, tally };
  });
}

// With `keep`, tallyMeantItems keeps each account's tally by the account's map of awareness rows: a refresh
// under live ingest makes new maps only for the accounts whose rows changed (applyPairChanges), so only those
// are tallied again. `keep` names a caller whose visit depends on nothing but the pair, the item,
// `publishedBefore` and `variant` (whatever else the caller's visit reads, as text), and whose tallies are not
// changed afterwards. One tally is kept per name and account: another variant replaces it.
const keptTallies = new WeakMap<Map<string, AwarenessPair>, Map<string, { meant: Uint8Array; items: KpiItem[]; publishedBefore: number; variant: string; tally: unknown }>>();
