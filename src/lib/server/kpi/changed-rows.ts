// Reads over all accounts of the progress and awareness rows (millions at 100M events) are kept per database
// and brought up to date with the rows written since, instead of being read whole again under live ingest.
// Every writer of those rows marks them with its tracking turn (change_seq, migration 0023): the tracking
// writer's batches and a mail click take a turn from app_meta `tracking_batches` and hold its row lock until
// they commit, so turns commit in their order on PostgreSQL as on SQLite. A reader that takes the largest
// turn first and then reads the rows past the one it read last misses nothing: whatever commits in between
// has a larger turn and is read again next time (applying a changed row twice gives the same result).
// A write without a turn (a hand repair, a script) shows after FULL_READ_MS, when everything is read again.
import type Database from 'better-sqlite3';
import { prepared, type KpiContext } from './kpi-context.ts';

export const FULL_READ_MS = 600_000;

export type ChangedRowsTable = 'tracking_progress' | 'tracking_account_awareness';

interface Kept {
  value: unknown;
  seq: number;
  fullAt: number;
}

const kept = new WeakMap<Database.Database, Map<string, Kept>>();

/**
 * The scope to give reuseRecentRead around readKeptWithChanges: it changes once the whole read is due, so
 * that on a quiet database too a write without a turn shows after FULL_READ_MS.
 */
export function wholeReadDue(ctx: KpiContext, name: string): string {
  const hit = kept.get(ctx.db)?.get(name);
  return hit && Date.now() - hit.fullAt < FULL_READ_MS ? 'kept' : 'due';
}

/** The largest turn in a table's rows (an index lookup). */
function lastTurn(db: Database.Database, table: ChangedRowsTable): number {
  return Number((prepared(db, `SELECT coalesce(max(change_seq), 0) AS seq FROM ${table}`).get() as { seq: number | string }).seq);
}

/**
 * `readAll()` once, then, while it is younger than FULL_READ_MS, `applyChanges(previous, since)` with the
 * turn read last: it reads the rows with change_seq > since and returns a new value (never changing the kept
 * one: requests in flight hold it), or undefined to have everything read again instead.
 */
export function readKeptWithChanges<T>(
  ctx: KpiContext,
  name: string,
  table: ChangedRowsTable,
  readAll: () => T,
  applyChanges: (previous: T, since: number) => T | undefined,
): T {
  let cache = kept.get(ctx.db);
  if (!cache) kept.set(ctx.db, (cache = new Map()));
  // Before the rows: a row committed after this read has a larger turn and is read next time.
  const seq = lastTurn(ctx.db, table);
  const now = Date.now();
  const hit = cache.get(name);
  // A smaller turn than before: rows were deleted or the database was replaced.
  if (hit && seq >= hit.seq && now - hit.fullAt < FULL_READ_MS) {
    if (hit.seq === seq) return hit.value as T;
    const value = applyChanges(hit.value as T, hit.seq);
    if (value !== undefined) {
      cache.set(name, { value, seq, fullAt: hit.fullAt });
      return value;
    }
  }
  const value = readAll();
  cache.set(name, { value, seq, fullAt: now });
  return value;
}

/** Drop the rows kept for this database (see forgetRecentReads). */
export function forgetKeptRows(db: Database.Database): void {
  kept.delete(db);
}
