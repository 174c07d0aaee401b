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
 * whether it is free. Pauses grow from 10 ms to 200 ms, so a lock held for seconds costs a few dozen
 * cheap probes while every other request keeps being served.
 */
export async function waitForWriteLock(sqlite: Database.Database, budgetMs: number): Promise<boolean> {
  const deadline = performance.now() + budgetMs;
  let pause = 10;
  for (;;) {
    if (tryWriteLock(sqlite)) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, 200);
  }
}
