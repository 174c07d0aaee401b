import type Database from 'better-sqlite3';
import { prepared } from '../kpi/kpi-context.ts';

/** What an account (or a person) did that places it on pyramid levels 4 and 5. */
export interface PyramidAchievements {
  /** Community events attended (first attendance per event), oldest first. */
  events: { eventKey: string; at: number }[];
  /** A success presented: an accepted story or talk, or a staff-recorded talk / success mark. */
  presented: { kind: 'case-study' | 'talk' | 'mark'; title: string; at: number } | null;
}

const EMPTY: PyramidAchievements = { events: [], presented: null };

/** Per account id, for every account with any achievement. */
export function getPyramidAchievements(db: Database.Database, accountId?: string): Map<string, PyramidAchievements> {
  const one = accountId === undefined ? '' : ' AND account_id = ?';
  const args = accountId === undefined ? [] : [accountId];
  const out = new Map<string, PyramidAchievements>();
  const of = (id: string) => {
    let a = out.get(id);
    if (!a) out.set(id, (a = { events: [], presented: null }));
    return a;
  };
  const events = prepared(db, `SELECT account_id AS accountId, event_key AS eventKey, min(marked_at) AS at FROM event_attendance WHERE 1 = 1${one} GROUP BY account_id, event_key ORDER BY at, event_key`).all(...args) as { accountId: string; eventKey: string; at: number }[];
  for (const e of events) of(e.accountId).events.push({ eventKey: e.eventKey, at: e.at });
  const stories = prepared(db, `SELECT account_id AS accountId, kind, title, coalesce(reviewed_at, updated_at) AS at FROM success_stories WHERE status = 'accepted' AND account_id IS NOT NULL${one} ORDER BY at, id`).all(...args) as { accountId: string; kind: 'case-study' | 'talk'; title: string; at: number }[];
  for (const s of stories) of(s.accountId).presented ??= { kind: s.kind, title: s.title, at: s.at };
  const marks = prepared(db, `SELECT account_id AS accountId, reason, marked_at AS at FROM account_success_marks WHERE 1 = 1${one}`).all(...args) as { accountId: string; reason: string; at: number }[];
  for (const m of marks) of(m.accountId).presented ??= { kind: 'mark', title: m.reason, at: m.at };
  return out;
}

/** One person: the events they attended themselves, and their account's presented success. */
export function getPersonAchievements(db: Database.Database, userId: string, accountId: string | undefined): PyramidAchievements {
  const account = accountId ? (getPyramidAchievements(db, accountId).get(accountId) ?? EMPTY) : EMPTY;
  const events = prepared(db, `SELECT event_key AS eventKey, marked_at AS at FROM event_attendance WHERE user_id = ? ORDER BY marked_at, event_key`).all(userId) as { eventKey: string; at: number }[];
  return { events, presented: account.presented };
}
