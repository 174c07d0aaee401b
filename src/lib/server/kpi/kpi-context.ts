import type Database from 'better-sqlite3';
import { readAudienceEpoch } from './account-state-epoch.ts';
import { prepared } from '../db/prepared.ts';
import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import type { KpiContent } from './kpi-content.ts';
import type { PeriodPair } from './period.ts';

/** Everything a KPI query needs: the database, content metadata, settings and the periods asked for. */
export interface KpiContext {
  db: Database.Database;
  content: KpiContent;
  settings: KpiSettings;
  periods: PeriodPair;
}

// Statement and query-builder caches per connection live in db/prepared.ts (the epoch readers use them too).
export { ormOf, prepared } from '../db/prepared.ts';

/** Change in percent from `previous` to `current`; null when there is no previous figure to compare. */
export function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return ((current - previous) / previous) * 100;
}

export interface AccountRow {
  id: string;
  slug: string;
  name: string;
  segment: string;
  plan: string;
  contractStart: string;
  csmName: string | null;
}

/** Customer accounts that are not disabled (the denominators of every per-account KPI). */
export function listActiveAccounts(db: Database.Database, accountId?: string): AccountRow[] {
  const sql = `SELECT a.id, a.slug, a.name, a.segment, a.plan, a.contract_start AS contractStart, u.name AS csmName
    FROM accounts a LEFT JOIN users u ON u.id = a.csm_user_id
    WHERE a.disabled_at IS NULL ${accountId === undefined ? '' : 'AND a.id = ?'} ORDER BY a.name, a.id`;
  const st = prepared(db, sql);
  return (accountId === undefined ? st.all() : st.all(accountId)) as AccountRow[];
}

const memos = new WeakMap<KpiContext, Map<string, unknown>>();

/** Compute once per request context: several queries of one page share e.g. the account list. */
export function memo<T>(ctx: KpiContext, key: string, compute: () => T): T {
  let m = memos.get(ctx);
  if (!m) memos.set(ctx, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

interface AudienceLists {
  epoch: string;
  accounts?: AccountRow[];
  people?: Map<string, number>;
}

const audienceLists = new WeakMap<Database.Database, AudienceLists>();

/**
 * The account list and the people per account, kept per connection while the audience epoch stands (no
 * account and no person's account, role, name or being disabled changed, in any process): thousands of rows
 * a page would otherwise read again after every tick or answer. Shared: callers must not change them.
 */
function audienceListsOf(ctx: KpiContext): AudienceLists {
  return memo(ctx, 'audience-lists', () => {
    const epoch = readAudienceEpoch(ctx.db);
    let lists = audienceLists.get(ctx.db);
    if (lists?.epoch !== epoch) audienceLists.set(ctx.db, (lists = { epoch }));
    return lists;
  });
}

/** Active accounts (filtered to one account when asked). */
export function accountsOf(ctx: KpiContext, accountId?: string): AccountRow[] {
  const lists = audienceListsOf(ctx);
  const all = (lists.accounts ??= listActiveAccounts(ctx.db));
  return accountId === undefined ? all : all.filter((a) => a.id === accountId);
}

const PEOPLE_SQL = `SELECT account_id AS accountId, count(*) AS people FROM users
  WHERE disabled_at IS NULL AND role IN ('customer', 'customer-admin') AND account_id IS NOT NULL GROUP BY account_id`;

/** Enabled customer people per account id. */
export function peopleByAccount(ctx: KpiContext): Map<string, number> {
  const lists = audienceListsOf(ctx);
  return (lists.people ??= new Map((prepared(ctx.db, PEOPLE_SQL).all() as { accountId: string; people: number }[]).map((r) => [r.accountId, r.people])));
}
