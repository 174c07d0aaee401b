import type Database from 'better-sqlite3';
import { prepared } from '../db/prepared.ts';

const EPOCH_SQL = `SELECT value FROM app_meta WHERE key = ?`;

/** An epoch counter of app_meta (moved by the migrations' triggers); '' before its migration ran. */
function readEpoch(db: Database.Database, key: string): string {
  return (prepared(db, EPOCH_SQL).get(key) as { value: string } | undefined)?.value ?? '';
}

/**
 * Bumped by triggers (migration 0015) on every write to what an account evaluation reads besides tracking:
 * accounts, people (not their sign-ins, which follow the 2-s rule of tracking), survey answers, stories,
 * success marks, roadmap choices and ticks, attendance. Equal epochs mean none of those changed, in any
 * process on this database.
 */
export function readAccountStateEpoch(db: Database.Database): string {
  return readEpoch(db, 'account_state_epoch');
}

/**
 * Bumped by writes to accounts and to people's account, role, name or being disabled (migration 0020): who the
 * accounts are and who is in them, not what they do. Figures that read nothing else of account state (awareness
 * over all accounts, sign-in days, the account and people lists) follow it instead of the account state epoch.
 */
export function readAudienceEpoch(db: Database.Database): string {
  return readEpoch(db, 'audience_epoch');
}

/** Bumped by every write to roadmap choices, roadmap ticks and event attendance (migration 0021). */
export function readRoadmapEpoch(db: Database.Database): string {
  return readEpoch(db, 'roadmap_epoch');
}

/** Bumped by every write to the page feedback answers, `item_feedback` (migration 0022). */
export function readFeedbackEpoch(db: Database.Database): string {
  return readEpoch(db, 'feedback_epoch');
}

/** Bumped by every write to survey answers and success stories (migration 0017). */
export function readVoiceEpoch(db: Database.Database): string {
  return readEpoch(db, 'voice_epoch');
}

const ids = new WeakMap<object, number>();
let next = 0;

/** A number per object, for cache scopes that must change when a caller passes other content. */
export function identityOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++next));
  return id;
}

const fingerprints = new WeakMap<object, string>();

/** The value of a small plain object (settings), once per object: equal settings share a cache entry. */
export function fingerprintOf(o: object): string {
  let f = fingerprints.get(o);
  if (f === undefined) fingerprints.set(o, (f = JSON.stringify(o)));
  return f;
}
