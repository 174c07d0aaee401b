import { eq } from 'drizzle-orm';
import { rateLimits } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';

export interface Limit {
  /** Attempts allowed within the window. */
  max: number;
  windowMs: number;
  /**
   * How long the key stays blocked once `count` attempts reached `max`, in ms. Default: one window.
   * A function makes the wait grow with every further attempt (progressive delay).
   */
  blockMs?: (count: number) => number;
}

export type LimitState = { blocked: false } | { blocked: true; retryAfterSeconds: number };

const retryAfter = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));
const blockLength = (limit: Limit, count: number) => (limit.blockMs ? limit.blockMs(count) : limit.windowMs);

/** Is this key currently blocked? Read-only. */
export function checkRateLimit(db: Db, key: string, now: number = Date.now()): LimitState {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAfterSeconds: retryAfter(row.blockedUntil, now) };
  return { blocked: false };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Add one attempt to the key (fixed window); reaching `max` blocks it. Call inside a transaction. */
function countAttempt(tx: Tx, key: string, limit: Limit, now: number): number | null {
  const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  const fresh = !row || now - row.windowStart >= limit.windowMs;
  const count = fresh ? 1 : row.count + 1;
  const previous = row?.blockedUntil && row.blockedUntil > now ? row.blockedUntil : null;
  const blockedUntil = count >= limit.max ? Math.max(previous ?? 0, now + blockLength(limit, count)) : previous;
  const values = { windowStart: fresh ? now : row.windowStart, count, blockedUntil };
  if (row) tx.update(rateLimits).set(values).where(eq(rateLimits.key, key)).run();
  else tx.insert(rateLimits).values({ key, ...values }).run();
  return blockedUntil;
}

/**
 * Count one attempt against the key (fixed window). Reaching `max` blocks the key for one window
 * (or `blockMs`). State lives in the database so it holds across restarts and several app processes.
 */
export function recordAttempt(db: Db, key: string, limit: Limit, now: number = Date.now()): LimitState {
  // IMMEDIATE, as reserveAttempt: the read and the write of the count must not interleave with another
  // instance's (on PostgreSQL two first attempts would otherwise both insert the key, and one would fail).
  return db.transaction(
    (tx) => {
      const blockedUntil = countAttempt(tx, key, limit, now);
      return blockedUntil && blockedUntil > now ? ({ blocked: true, retryAfterSeconds: retryAfter(blockedUntil, now) } as const) : ({ blocked: false } as const);
    },
    { behavior: 'immediate' },
  );
}

export interface LimitKey {
  key: string;
  limit: Limit;
}

/**
 * Check and count in one step, before the slow work (the password check) starts: if any key is blocked
 * nothing is counted and the longest wait is returned; otherwise one attempt is counted against every
 * key at once. Counting first is what makes the limit hold under concurrency: parallel requests cannot
 * all read "not blocked yet" and only count after their argon2 check (the attempt that reaches `max`
 * blocks the key for everyone still arriving). A successful attempt gives its reservation back with
 * `releaseAttempt` or `clearRateLimit`. IMMEDIATE takes SQLite's write lock for the read too, so
 * several app processes on one database cannot interleave either.
 */
export function reserveAttempt(db: Db, keys: LimitKey[], now: number = Date.now()): LimitState {
  return db.transaction(
    (tx) => {
      let until = 0;
      for (const { key } of keys) {
        const row = tx.select({ blockedUntil: rateLimits.blockedUntil }).from(rateLimits).where(eq(rateLimits.key, key)).get();
        if (row?.blockedUntil && row.blockedUntil > now) until = Math.max(until, row.blockedUntil);
      }
      if (until) return { blocked: true, retryAfterSeconds: retryAfter(until, now) } as const;
      for (const { key, limit } of keys) countAttempt(tx, key, limit, now);
      return { blocked: false } as const;
    },
    { behavior: 'immediate' },
  );
}

/** Give back one reserved attempt (it succeeded): the count goes down and a block it caused is lifted. */
export function releaseAttempt(db: Db, { key, limit }: LimitKey, now: number = Date.now()): void {
  db.transaction(
    (tx) => {
      const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
      if (!row || now - row.windowStart >= limit.windowMs) return;
      const count = Math.max(0, row.count - 1);
      // Only a block this attempt caused is lifted: below `max` the others alone would not have blocked.
      const blockedUntil = count < limit.max ? null : row.blockedUntil;
      tx.update(rateLimits).set({ count, blockedUntil }).where(eq(rateLimits.key, key)).run();
    },
    { behavior: 'immediate' },
  );
}

export function clearRateLimit(db: Db, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}
