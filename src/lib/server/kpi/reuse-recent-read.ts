// Reads of still-changing tracking tables that a dashboard request may share with the requests just
// before it. While nothing was written they are reused as they are; under live ingest they are read again
// at most every REFRESH_MS, so figures lag the rollup by at most that (the rollup itself lags ≤ 1 s).
// Writes that are not tracking (an account, an answer, a tick: several a second on a busy portal) do not
// make them read again for UNTRACKED_MS: the tracking writer and the other writers of tracking and sign-ins
// move a counter of their own (tracking/activity-epoch.ts). A write that moves neither, such as a repair of
// today's rollup by hand, still shows within UNTRACKED_MS.
import type Database from 'better-sqlite3';
import { dialectOf } from '../db/dialect.ts';
import { readTrackingActivity } from '../tracking/activity-epoch.ts';
import { memo, prepared, type KpiContext } from './kpi-context.ts';
import { forgetKeptRows } from './changed-rows.ts';

export const REFRESH_MS = 2_000;
export const UNTRACKED_MS = 60_000;

interface Entry {
  value: unknown;
  at: number;
  version: string;
  activity: string;
  scope: string;
}

const entries = new WeakMap<Database.Database, Map<string, Entry>>();

/**
 * Changes by other connections (data_version) and by this one (total_changes). On PostgreSQL the position
 * where the next write-ahead-log record goes moves with every write of every instance (and, harmlessly,
 * with the server's own housekeeping, which only costs a re-read).
 */
function writeVersion(db: Database.Database): string {
  if (dialectOf(db) === 'pg') return (prepared(db, 'SELECT pg_current_wal_insert_lsn()::text AS v').get() as { v: string }).v;
  return `${db.pragma('data_version', { simple: true }) as number}:${(prepared(db, 'SELECT total_changes() AS n').get() as { n: number }).n}`;
}

/**
 * `read()` once per request, reused across requests while nothing changed or for up to REFRESH_MS.
 * `scope` is what the read depends on besides the data (e.g. which days count as recent): when it
 * changes the entry is read again and replaced, so one entry per name is ever kept.
 */
export function reuseRecentRead<T>(ctx: KpiContext, name: string, read: () => T, scope = ''): T {
  return memo(ctx, `recent-${name}`, () => {
    let cache = entries.get(ctx.db);
    if (!cache) entries.set(ctx.db, (cache = new Map()));
    const version = memo(ctx, 'write-version', () => writeVersion(ctx.db));
    const activity = memo(ctx, 'tracking-activity', () => readTrackingActivity(ctx.db));
    const now = Date.now();
    const hit = cache.get(name);
    if (hit && hit.scope === scope && isFresh(hit, version, activity, now)) return hit.value as T;
    const value = read();
    cache.set(name, { value, at: now, version, activity, scope });
    return value;
  });
}

/** Nothing written at all; or read just now; or only what is not tracking was written, not long ago. */
function isFresh(hit: Entry, version: string, activity: string, now: number): boolean {
  if (hit.version === version || now - hit.at < REFRESH_MS) return true;
  return hit.activity === activity && now - hit.at < UNTRACKED_MS;
}

const keptWhileUnchanged = new WeakMap<Database.Database, Map<string, { key: string; value: unknown }>>();

/**
 * `read()` kept per database for as long as `key` stays the same, however much else is written: for reads
 * whose every input is named in the key (database epochs bumped by triggers, the period, the settings).
 * One entry per name is kept.
 */
export function reuseWhileUnchanged<T>(db: Database.Database, name: string, key: string, read: () => T): T {
  let cache = keptWhileUnchanged.get(db);
  if (!cache) keptWhileUnchanged.set(db, (cache = new Map()));
  const hit = cache.get(name);
  if (hit?.key === key) return hit.value as T;
  const value = read();
  cache.set(name, { key, value });
  return value;
}

const keptState = new WeakMap<Database.Database, Map<string, unknown>>();

/** What a reader keeps of its own per database between requests (forgetRecentReads drops it with the rest). */
export function readKeptState<T>(db: Database.Database, name: string): T | undefined {
  return keptState.get(db)?.get(name) as T | undefined;
}

export function keepState<T>(db: Database.Database, name: string, value: T): void {
  let cache = keptState.get(db);
  if (!cache) keptState.set(db, (cache = new Map()));
  cache.set(name, value);
}

/** Drop what is kept for this database (benchmarks time the first request after a change with it). */
export function forgetRecentReads(db: Database.Database): void {
  entries.delete(db);
  keptWhileUnchanged.delete(db);
  keptState.delete(db);
  forgetKeptRows(db);
}
