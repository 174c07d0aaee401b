import type Database from 'better-sqlite3';

/** One person's standing on one item, as kept by the ingest. */
export interface ItemProgress {
  key: string;
  activeMs: number;
  videoMs: number;
  /** Video resume position, seconds (null for reading). */
  position: number | null;
  duration: number | null;
  coveredSeconds: number;
  maxDepth: number;
  completedAt: number | null;
  firstEngagedAt: number | null;
  updatedAt: number;
}

/** Everything one person has done, newest first. Scoped by the caller's own user id only. */
export function readPersonProgress(db: Database.Database, userId: string): ItemProgress[] {
  return db
    .prepare(
      `SELECT content_key AS key, active_ms AS activeMs, video_ms AS videoMs, position, duration, covered_seconds AS coveredSeconds,
         max_depth AS maxDepth, completed_at AS completedAt, first_engaged_at AS firstEngagedAt, updated_at AS updatedAt
       FROM tracking_progress WHERE user_id = ? ORDER BY updated_at DESC`,
    )
    .all(userId) as ItemProgress[];
}

/** Keys a person has covered: completed, or engaged (active time or video coverage over the threshold). */
export function coveredKeys(rows: ItemProgress[]): Set<string> {
  return new Set(rows.filter((r) => r.completedAt !== null || r.firstEngagedAt !== null).map((r) => r.key));
}
