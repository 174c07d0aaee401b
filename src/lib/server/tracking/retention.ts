import type Database from 'better-sqlite3';

const DAY_MS = 86_400_000;
/** Clamp cursors of page views are only needed while a tab may still be open. */
const VIEW_STATE_DAYS = 7;

/**
 * Delete raw events older than the retention (rollups, progress and awareness stay) in small chunks,
 * so a big first run never blocks the ingest for long. `days` 0 keeps raw events forever.
 */
export function pruneTrackingEvents(db: Database.Database, days: number, now = Date.now(), chunk = 5000): number {
  let removed = 0;
  if (days > 0) {
    const del = db.prepare(`DELETE FROM tracking_events WHERE id IN (SELECT id FROM tracking_events WHERE at < ? LIMIT ?)`);
    for (;;) {
      const n = del.run(now - days * DAY_MS, chunk).changes;
      removed += n;
      if (n < chunk) break;
    }
  }
  db.prepare(`DELETE FROM tracking_views WHERE last_at < ?`).run(now - VIEW_STATE_DAYS * DAY_MS);
  // A person's clock bounds only claims reaching back to it (TRACK_MAX_CLAIM_MS); a day is ample margin
  // for batches kept in an instance's buffer while the database was not writable.
  db.prepare(`DELETE FROM tracking_person_clocks WHERE until < ?`).run(now - DAY_MS);
  db.prepare(`DELETE FROM tracking_client_budgets WHERE full_at < ?`).run(now);
  return removed;
}
