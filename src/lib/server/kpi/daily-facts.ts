// The daily rollup (tracking_daily) as columns in memory. Every dashboard figure is a pass over these
// typed arrays, where one SQL scan with count(DISTINCT …) per figure cost 0.5–1 µs a row and a page needs
// several. Closed days (before yesterday's UTC date) no longer change: they are read once per
// connection. Recent days are read again when written to (see reuse-recent-read.ts). Any
// write to a closed day bumps `tracking_history_epoch` (triggers in migration 0005), which drops the cache.
import { dialectOf, greatestFn, type Dialect } from '../db/dialect.ts';
import type Database from 'better-sqlite3';
import { memo, prepared, type KpiContext } from './kpi-context.ts';
import { nextTurn } from './next-turn.ts';
import { addDays } from './period.ts';
import { reuseRecentRead, reuseWhileUnchanged } from './reuse-recent-read.ts';
import { GrowingColumns } from './growing-columns.ts';

/** Dense numbering of ids (accounts, people, content keys), so per-id tallies are plain arrays. */
export class IdIndex {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }

  /** The number of an id already seen, or -1 (nothing in the rollup refers to it). */
  find(id: string): number {
    return this.numbers.get(id) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }
}

/** The rollup rows of one day, customer accounts only (staff and visitors have account_id ''). */
export interface DayFacts {
  day: string;
  length: number;
  account: Int32Array;
  user: Int32Array;
  item: Int32Array;
  /**
   * Viewing time of the row. Reading and playing overlap on a webinar page (both run while the video
   * plays), so the larger of the two is the time the person spent, never their sum.
   */
  viewingMs: Float64Array;
  views: Int32Array;
  completions: Int32Array;
  /** 1 when the row has reading or playing time (a view without time is no activity). */
  active: Uint8Array;
}

export interface FactIds {
  accounts: IdIndex;
  users: IdIndex;
  items: IdIndex;
}

interface Store {
  epoch: string | null;
  ids: FactIds;
  closed: Map<string, DayFacts | null>;
}

const stores = new WeakMap<Database.Database, Store>();

// In primary-key order (free on both: the key's index is what the range is read by), so ids are numbered
// the same way on both backends.
const rowsSql = (d: Dialect) => `SELECT day, account_id, user_id, content_key, ${greatestFn(d)}(active_ms, video_ms), views, completions,
  CASE WHEN active_ms > 0 OR video_ms > 0 THEN 1 ELSE 0 END
  FROM tracking_daily WHERE day BETWEEN ? AND ? AND account_id <> '' ORDER BY day, account_id, user_id, content_key`;
const EPOCH_SQL = `SELECT value FROM app_meta WHERE key = 'tracking_history_epoch'`;
const FIRST_DAY_SQL = `SELECT min(day) AS day FROM tracking_daily`;
const LAST_DAY = '9999-12-31';

/**
 * Days before this one are closed: the same bound as `date('now', '-1 day')` in the triggers. Live beats
 * land on the reporting zone's today, which is never before yesterday's UTC date.
 */
export function closedBefore(now = Date.now()): string {
  return addDays(new Date(now).toISOString().slice(0, 10), -1);
}

/** The closed-day bound of this request (fixed for its whole length, also across midnight). */
function closedBeforeFor(ctx: KpiContext): string {
  return memo(ctx, 'facts-bound', () => closedBefore());
}

function storeFor(ctx: KpiContext): Store {
  let store = stores.get(ctx.db);
  if (!store) stores.set(ctx.db, (store = { epoch: null, ids: { accounts: new IdIndex(), users: new IdIndex(), items: new IdIndex() }, closed: new Map() }));
  return memo(ctx, 'facts-store', () => {
    const epoch = (prepared(ctx.db, EPOCH_SQL).get() as { value: string } | undefined)?.value ?? null;
    if (epoch === null || epoch !== store.epoch) store.closed.clear();
    store.epoch = epoch;
    return store;
  });
}

const DAY_COLUMNS = { account: 'i32', user: 'i32', item: 'i32', viewingMs: 'f64', views: 'i32', completions: 'i32', active: 'u8' } as const;

/**
 * The closed days' epoch this request sees (tracking_history_epoch): for results built from the rollup and
 * shared across requests, so a write to a closed day shows at once there too.
 */
export function readClosedDaysEpoch(ctx: KpiContext): string {
  return storeFor(ctx).epoch ?? '';
}

/** Read the rows of [from, to] and group them by day (days without rows are absent). */
function readDays(ctx: KpiContext, ids: FactIds, from: string, to: string): Map<string, DayFacts> {
  const out = new Map<string, DayFacts>();
  // Row by row into one day's columns at a time (see growing-columns.ts); rows come in day order.
  const rows = prepared(ctx.db, rowsSql(dialectOf(ctx.db))).raw(true).iterate(from, to) as Iterable<[string, string, string, string, number, number, number, number]>;
  const day = new GrowingColumns(DAY_COLUMNS);
  let current = '';
  const finish = () => {
    if (day.length > 0) out.set(current, { day: current, length: day.length, ...day.take() });
    day.clear();
  };
  // Rows are ordered by account and person within a day: their numbers are looked up once per run of them.
  let lastAccount = '';
  let accountNumber = -1;
  let lastUser = '';
  let userNumber = -1;
  for (const r of rows) {
    if (r[0] !== current) {
      finish();
      current = r[0];
    }
    if (r[1] !== lastAccount || accountNumber < 0) accountNumber = ids.accounts.numberOf((lastAccount = r[1]));
    if (r[2] !== lastUser || userNumber < 0) userNumber = ids.users.numberOf((lastUser = r[2]));
    const i = day.row();
    const c = day.columns;
    c.account[i] = accountNumber;
    c.user[i] = userNumber;
    c.item[i] = ids.items.numberOf(r[3]);
    c.viewingMs[i] = r[4];
    c.views[i] = r[5];
    c.completions[i] = r[6];
    c.active[i] = r[7];
  }
  finish();
  return out;
}

/** Closed days of [from, to], loading the ones not cached yet in one read. */
function closedDays(ctx: KpiContext, store: Store, from: string, to: string): DayFacts[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const missing = days.filter((d) => !store.closed.has(d));
  if (missing.length > 0) {
    const read = readDays(ctx, store.ids, missing[0]!, missing.at(-1)!);
    for (const d of missing) store.closed.set(d, read.get(d) ?? null);
  }
  return days.map((d) => store.closed.get(d)).filter((f): f is DayFacts => f != null);
}

/** The recent (still changing) days. */
function openDays(ctx: KpiContext, store: Store, bound: string): DayFacts[] {
  return reuseRecentRead(ctx, 'daily-recent', () => [...readDays(ctx, store.ids, bound, LAST_DAY).values()], bound);
}

/** Rollup rows of the days `from`…`to` (inclusive), ascending by day, with the id numbering they use. */
export function readDailyFacts(ctx: KpiContext, from: string, to: string): { ids: FactIds; days: DayFacts[] } {
  const store = storeFor(ctx);
  const bound = closedBeforeFor(ctx);
  const closed = from < bound ? closedDays(ctx, store, from, to < bound ? to : addDays(bound, -1)) : [];
  const open = to >= bound ? openDays(ctx, store, bound).filter((f) => f.day >= from && f.day <= to) : [];
  return { ids: store.ids, days: [...closed, ...open] };
}

/**
 * Load the closed days not held yet, a few per turn of the event loop, so the first dashboard request
 * after a start (1–2 s of reading at 10M events) does not stall the tracking ingest meanwhile.
 */
export async function preloadClosedDays(ctx: KpiContext, daysPerTurn = 4): Promise<void> {
  const first = firstDay(ctx);
  const bound = closedBeforeFor(ctx);
  if (first === null || first >= bound) return;
  const store = storeFor(ctx);
  const missing: string[] = [];
  for (let d = first; d < bound; d = addDays(d, 1)) if (!store.closed.has(d)) missing.push(d);
  for (let i = 0; i < missing.length; i += daysPerTurn) {
    await nextTurn();
    closedDays(ctx, store, missing[i]!, missing[Math.min(i + daysPerTurn, missing.length) - 1]!);
  }
}

function firstDay(ctx: KpiContext): string | null {
  return memo(ctx, 'facts-first-day', () => (prepared(ctx.db, FIRST_DAY_SQL).get() as { day: string | null }).day);
}

/** Every rollup row up to `to` (for "last active" figures that look back over all history). */
export function readDailyFactsUntil(ctx: KpiContext, to: string): { ids: FactIds; days: DayFacts[] } {
  const first = firstDay(ctx);
  return first === null || first > to ? { ids: storeFor(ctx).ids, days: [] } : readDailyFacts(ctx, first, to);
}

/**
 * A figure over every rollup row up to `to`, split where the days close: `closedPart` over the closed days is
 * kept per database while they stand (their epoch, the closed-day bound, `to`, `variant`: whatever else it
 * reads), and `withOpen` makes the figure from it and the open days' rows, without changing it, on each read.
 * Under live ingest a refresh then reads the last day or two instead of the whole history (hundreds of ms at
 * 100M events).
 */
export function readOverClosedDays<T, R>(
  ctx: KpiContext,
  name: string,
  variant: string,
  to: string,
  closedPart: (ids: FactIds, closed: DayFacts[]) => T,
  withOpen: (kept: T, ids: FactIds, open: DayFacts[]) => R,
): R {
  const { ids, days } = readDailyFactsUntil(ctx, to);
  const bound = closedBeforeFor(ctx);
  const split = days.findIndex((f) => f.day >= bound);
  const closed = split < 0 ? days : days.slice(0, split);
  const open = split < 0 ? [] : days.slice(split);
  const kept = reuseWhileUnchanged(ctx.db, `closed-${name}`, `${readClosedDaysEpoch(ctx)}|${bound}|${to}|${variant}`, () => closedPart(ids, closed));
  return withOpen(kept, ids, open);
}

/**
 * Counts distinct numbers from an IdIndex as they are added: a flag per number when the index size is
 * given (many adds, e.g. people per item), a set otherwise (many counters, e.g. people per account).
 */
export class DistinctCount {
  count = 0;
  private readonly flags: Uint8Array | null;
  private readonly seen: Set<number> | null;

  constructor(size?: number) {
    this.flags = size === undefined ? null : new Uint8Array(size);
    this.seen = size === undefined ? new Set() : null;
  }

  /** A count of its own that starts with this one's numbers (a set-backed count only). */
  copy(): DistinctCount {
    const c = new DistinctCount();
    for (const n of this.seen!) c.add(n);
    return c;
  }

  add(n: number): void {
    if (this.flags) {
      if (this.flags[n]) return;
      this.flags[n] = 1;
    } else {
      if (this.seen!.has(n)) return;
      this.seen!.add(n);
    }
    this.count++;
  }
}

/**
 * Distinct (group, member) pairs counted per group in one set: e.g. distinct people per item without an
 * array of every person for each of a thousand items.
 */
export class DistinctPairs {
  private readonly seen = new Set<number>();
  private readonly members: number;

  constructor(members: number) {
    this.members = members;
  }

  /** Whether the pair is new (then the caller counts it for its group). */
  add(group: number, member: number): boolean {
    const key = group * this.members + member;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/** Any account. */
export const ALL_ACCOUNTS = -1;

/**
 * The account number to keep rows of: ALL_ACCOUNTS when no account is asked for, otherwise its number,
 * or -2 (matches no row) for an account without any rollup row.
 */
export function onlyAccount(ids: FactIds, accountId: string | undefined): number {
  if (accountId === undefined) return ALL_ACCOUNTS;
  const n = ids.accounts.find(accountId);
  return n < 0 ? -2 : n;
}
