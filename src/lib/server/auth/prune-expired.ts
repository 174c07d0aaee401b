import { and, isNotNull, lt, or, isNull } from 'drizzle-orm';
import { passwordResets, rateLimits, sessions } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';

const EVERY_MS = 10 * 60_000;
const DAY = 86_400_000;
let lastRun = 0;

/**
 * Delete sessions past their expiry, spent or expired reset links and rate-limit rows whose window and
 * block are over, so these tables stay small. Runs at most every 10 minutes per process (sign-in calls
 * it); correctness never depends on it, because every read checks expiry itself.
 */
export function pruneExpiredAuthState(db: Db, now = Date.now(), force = false): void {
  if (!force && now - lastRun < EVERY_MS) return;
  lastRun = now;
  db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now))).run();
  db.delete(passwordResets).where(or(lt(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt))).run();
  // Windows are at most a day long (LOGIN_WINDOW_MINUTES ≤ 1440).
  db.delete(rateLimits).where(and(lt(rateLimits.windowStart, now - DAY), or(isNull(rateLimits.blockedUntil), lt(rateLimits.blockedUntil, now)))).run();
}
