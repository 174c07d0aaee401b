import type Database from 'better-sqlite3';
import { dialectOf } from './dialect.ts';

// PostgreSQL's SQLSTATEs for the same situation: a lock not granted within lock_timeout, a deadlock broken, a
// serialization conflict. Each leaves the data unchanged, and the request may simply be sent again.
const PG_BUSY = new Set(['55P03', '40P01', '40001']);

/** The database answered "locked/busy": another connection holds the lock longer than our timeout. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || PG_BUSY.has(code));
}

/** Could this connection take the write lock right now? Takes and releases it without waiting or writing. */
export function tryWriteLock(sqlite: Database.Database): boolean {
  // PostgreSQL has no database-wide write lock: writers wait only for the rows they touch (lock_timeout).
  if (sqlite.inTransaction || dialectOf(sqlite) === 'pg') return true;
  const previous = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return true;
  } catch (error) {
    if (isBusyError(error)) return false;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait, without blocking the event loop, until the write lock is free or `budgetMs` has passed. Returns
 * whether it is free. Pauses grow from 10 ms to 50 ms, so a lock held for seconds costs a few dozen
 * cheap probes while every other request keeps being served. SQLite does not queue waiters: a probe sees
 * the lock free only between two holds of another process, so the pauses stay shorter than the gaps
 * between another instance's commits.
 */
export async function waitForWriteLock(sqlite: Database.Database, budgetMs: number): Promise<boolean> {
  const deadline = performance.now() + budgetMs;
  let pause = 10;
  for (;;) {
    if (tryWriteLock(sqlite)) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, 50);
  }
}

/**
 * How long a statement of a write request may wait synchronously for the lock once the request has found it
 * free (waitForWriteLock). Another process can take the lock in the moment between that probe and the
 * request's own write — two instances' tracking writers and mail senders commit every few hundred ms — and
 * on a loaded machine it may keep it past the 25-ms busy timeout of reads; the request then answered 503
 * although nothing held the lock for long. A brief wait here bounds the event loop's pause in that rare case.
 */
export const WRITE_WINDOW_BUSY_TIMEOUT_MS = 250;

const windows = new WeakMap<Database.Database, { open: number; normalMs: number }>();

/**
 * Open a write window on the request connection: while any write request that passed the probe is in flight,
 * the connection's busy timeout is `writeMs`; it returns to what it was when the last one ends. Call the
 * returned function exactly once. PostgreSQL's row locks have no such gap: left as it is.
 */
export function openWriteWindow(sqlite: Database.Database, writeMs = WRITE_WINDOW_BUSY_TIMEOUT_MS): () => void {
  if (dialectOf(sqlite) === 'pg') return () => {};
  let window = windows.get(sqlite);
  if (!window?.open) {
    const normalMs = sqlite.pragma('busy_timeout', { simple: true }) as number;
    if (normalMs >= writeMs) return () => {};
    window = { open: 0, normalMs };
    windows.set(sqlite, window);
    sqlite.pragma(`busy_timeout = ${writeMs}`);
  }
  const w = window;
  w.open++;
  return () => {
    if (--w.open === 0 && sqlite.open) sqlite.pragma(`busy_timeout = ${w.normalMs}`);
  };
}

/**
 * Run `work` with the busy timeout reads have, even while a write window is open: for a write a read request
 * may skip (sliding a session), which must not wait as long as a write request may.
 */
export function outsideWriteWindow<T>(sqlite: Database.Database, work: () => T): T {
  const window = windows.get(sqlite);
  if (!window?.open) return work();
  const raised = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${window.normalMs}`);
  try {
    return work();
  } finally {
    if (sqlite.open) sqlite.pragma(`busy_timeout = ${raised}`);
  }
}
