import { eq } from 'drizzle-orm';
import { rateLimits } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';

export interface Limit {
  /** Attempts allowed within the window. */
  max: number;
  windowMs: number;
}

export type LimitState = { blocked: false } | { blocked: true; retryAfterSeconds: number };

/** Is this key currently blocked? Read-only. */
export function checkRateLimit(db: Db, key: string, now: number = Date.now()): LimitState {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (row?.blockedUntil && row.blockedUntil > now) {
    return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((row.blockedUntil - now) / 1000)) };
  }
  return { blocked: false };
}

/**
 * Count one attempt against the key (fixed window). Reaching `max` blocks the key for one window.
 * State lives in SQLite so it holds across restarts and several app processes.
 */
export function recordAttempt(db: Db, key: string, limit: Limit, now: number = Date.now()): LimitState {
  return db.transaction((tx) => {
    const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
    const fresh = !row || now - row.windowStart >= limit.windowMs;
    const count = fresh ? 1 : row.count + 1;
    const blockedUntil = count >= limit.max ? now + limit.windowMs : (row?.blockedUntil ?? null);
    const values = { windowStart: fresh ? now : row.windowStart, count, blockedUntil };
    if (row) tx.update(rateLimits).set(values).where(eq(rateLimits.key, key)).run();
    else tx.insert(rateLimits).values({ key, ...values }).run();
    if (blockedUntil && blockedUntil > now) {
      return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((blockedUntil - now) / 1000)) } as const;
    }
    return { blocked: false } as const;
  });
}

export function clearRateLimit(db: Db, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}
