// Shared reading of the account × item awareness table for the awareness queries.
import { accountsOf, memo, prepared, type AccountRow, type KpiContext } from './kpi-context.ts';
import { isCoreItem, isMeantFor, type KpiItem } from './kpi-content.ts';
import { addDays, startOfDayInZone } from './period.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';

export interface AwarenessPair {
  /** First moment anybody in the account saw, opened or engaged with the item (epoch ms). */
  awareAt: number;
  viewAt: number | null;
  engagedAt: number | null;
}

const NEVER = 9e15;
const SQL = `SELECT account_id AS accountId, content_key AS key,
  min(coalesce(first_impression_at, ${NEVER}), coalesce(first_view_at, ${NEVER}), coalesce(first_engaged_at, ${NEVER})) AS awareAt,
  first_view_at AS viewAt, first_engaged_at AS engagedAt FROM tracking_account_awareness WHERE account_id <> ''`;

/** Account id → content key → awareness timestamps (nested, so lookups need no key strings built). */
export type AwarenessPairs = Map<string, Map<string, AwarenessPair>>;

export function readAwarenessPairs(ctx: KpiContext, accountId?: string): AwarenessPairs {
  // All accounts: tens of thousands of rows, shared with the requests just before (see reuse-recent-read.ts).
  if (accountId === undefined) return reuseRecentRead(ctx, 'awareness-pairs', () => loadPairs(ctx));
  return memo(ctx, `pairs-${accountId}`, () => loadPairs(ctx, accountId));
}

function loadPairs(ctx: KpiContext, accountId?: string): AwarenessPairs {
  const sql = accountId === undefined ? SQL : `${SQL} AND account_id = ?`;
  const rows = prepared(ctx.db, sql).all(...(accountId === undefined ? [] : [accountId])) as ({ accountId: string; key: string } & AwarenessPair)[];
  const pairs: AwarenessPairs = new Map();
  for (const r of rows) {
    if (r.awareAt >= NEVER) continue;
    let mine = pairs.get(r.accountId);
    if (!mine) pairs.set(r.accountId, (mine = new Map()));
    // The content's own key strings: lookups by item.key then match by identity, not by comparing text.
    mine.set(ctx.content.byKey.get(r.key)?.key ?? r.key, { awareAt: r.awareAt, viewAt: r.viewAt, engagedAt: r.engagedAt });
  }
  return pairs;
}

/** First instant after the last day of a period, in the reporting time zone ("as of the end of `day`"). */
export function endOfDay(ctx: KpiContext, day: string): number {
  return startOfDayInZone(addDays(day, 1), ctx.settings.timeZone);
}

/** The accounts an item is meant for (its audience), once per context and item. */
export function audienceOf(ctx: KpiContext, item: KpiItem, accountId?: string): AccountRow[] {
  return memo(ctx, `audience-${item.key}-${accountId ?? ''}`, () => accountsOf(ctx, accountId).filter((a) => isMeantFor(item, a)));
}

/**
 * Account by account, the core items published before `publishedBefore` that are meant for the account,
 * each with the account's awareness of it (undefined: nobody there has come across it). `visit` adds to
 * the account's own tally from `start`. The account's awareness map is looked up once, then item keys
 * (identical strings) in it, and audience membership is checked on the account row itself.
 */
export function tallyMeantItems<T>(
  ctx: KpiContext,
  publishedBefore: number,
  accountId: string | undefined,
  start: () => T,
  visit: (tally: T, item: KpiItem, pair: AwarenessPair | undefined) => void,
): { account: AccountRow; tally: T }[] {
  const pairs = readAwarenessPairs(ctx, accountId);
  const items = ctx.content.items.filter((i) => isCoreItem(i) && i.publishedAt.getTime() < publishedBefore);
  const audiences = items.map((item) => new Set(audienceOf(ctx, item, accountId)));
  return accountsOf(ctx, accountId).map((account) => {
    const tally = start();
    const mine = pairs.get(account.id);
    items.forEach((item, k) => {
      if (audiences[k]!.has(account)) visit(tally, item, mine?.get(item.key));
    });
    return { account, tally };
  });
}
