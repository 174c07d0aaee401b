// What the dashboards' recent reads (kpi/reuse-recent-read.ts) are built from moves two counters in app_meta:
// `tracking_batches`, which the tracking writer moves once per batch inside its transaction (reclamp-batch.ts),
// and `activity_epoch`, which every other writer of tracking or sign-ins moves: a sign-in (a trigger, migration
// 0019 and its PostgreSQL twin), a click on a tracked mail link, the seeding scripts. Writes to anything else
// (an account, an answer, a tick) leave both alone, so they do not make every process read tracking again.
import type Database from 'better-sqlite3';
import { prepared } from '../kpi/kpi-context.ts';

/** The tracking writer's turns (reclamp-batch.ts): also the change_seq of the progress and awareness rows a turn writes. */
export const TAKE_TURN_SQL = `UPDATE app_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'tracking_batches' RETURNING CAST(value AS INTEGER) AS turn`;
const BUMP_SQL = `UPDATE app_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'activity_epoch'`;
const READ_SQL = `SELECT value FROM app_meta WHERE key IN ('activity_epoch', 'tracking_batches') ORDER BY key`;

/** Call in the transaction of any write to the tracking rollups other than the tracking writer's batches. */
export function markTrackingActivity(db: Database.Database): void {
  prepared(db, BUMP_SQL).run();
}

/**
 * A turn for a write of progress or awareness rows outside the tracking writer (a mail click, the seeding
 * scripts): its rows carry it as change_seq, so the dashboards' reads of changed rows (kpi/changed-rows.ts)
 * see them. The writer then finds a turn it did not take and reads its cursors again, as after another instance.
 */
export function takeTrackingTurn(db: Database.Database): number {
  return (prepared(db, TAKE_TURN_SQL).get() as { turn: number } | undefined)?.turn ?? 0;
}

/** Equal values mean no tracking batch, sign-in or other marked tracking write happened, in any process. */
export function readTrackingActivity(db: Database.Database): string {
  return (prepared(db, READ_SQL).all() as { value: string }[]).map((r) => r.value).join(':');
}
