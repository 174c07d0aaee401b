import type Database from 'better-sqlite3';
import { CsvParseError, parseCsv } from '../accounts/csv.ts';
import { ormOf } from '../kpi/kpi-context.ts';
import { recordAudit } from '../accounts/audit.ts';

export type AttendanceResult =
  | { ok: true; marked: number; cleared: number }
  | { ok: false; status: 400 | 404; code: string; line?: number; value?: string };

interface Person {
  id: string;
  accountId: string;
}

function customerById(db: Database.Database, id: string): Person | undefined {
  return db.prepare(`SELECT id, account_id AS accountId FROM users WHERE id = ? AND account_id IS NOT NULL AND role IN ('customer', 'customer-admin')`).get(id) as Person | undefined;
}

function customerByEmail(db: Database.Database, email: string): Person | undefined {
  return db.prepare(`SELECT id, account_id AS accountId FROM users WHERE lower(email) = lower(?) AND account_id IS NOT NULL AND role IN ('customer', 'customer-admin')`).get(email.trim()) as Person | undefined;
}

function writeAttendance(db: Database.Database, eventKey: string, people: Person[], via: 'web' | 'csv', staffUserId: string, now: number): number {
  const insert = db.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  let n = 0;
  for (const p of people) n += insert.run(eventKey, p.id, p.accountId, via, staffUserId, now).changes;
  return n;
}

/**
 * Staff set who attended (the ticked people of the registration list): the ticked ones are marked, the
 * others of `listed` cleared. Audited as one change.
 */
export function setAttendance(db: Database.Database, staffUserId: string, eventKey: string, listed: string[], present: string[], now = Date.now()): AttendanceResult {
  const people = present.map((id) => customerById(db, id));
  if (people.some((p) => p === undefined)) return { ok: false, status: 400, code: 'unknown_person' };
  const absent = listed.filter((id) => !present.includes(id));
  return db.transaction((): AttendanceResult => {
    const marked = writeAttendance(db, eventKey, people as Person[], 'web', staffUserId, now);
    const clear = db.prepare('DELETE FROM event_attendance WHERE event_key = ? AND user_id = ?');
    let cleared = 0;
    for (const id of absent) cleared += clear.run(eventKey, id).changes;
    recordAudit(ormOf(db), { userId: staffUserId, via: 'web' }, 'event.attendance', { type: 'event', id: eventKey }, { marked, cleared }, now);
    return { ok: true, marked, cleared };
  })();
}

/**
 * Attendance from a CSV (a webinar tool's export): a header row with an `email` column, one person per row.
 * Any bad row (unknown email, not a customer, empty) refuses the whole file with its line; nothing is imported.
 * Decoding (UTF-8, Shift_JIS, UTF-16) is the accounts import's.
 */
export function importAttendanceCsv(db: Database.Database, staffUserId: string, eventKey: string, bytes: Uint8Array, now = Date.now()): AttendanceResult {
  let records;
  try {
    records = parseCsv(bytes);
  } catch (error) {
    if (error instanceof CsvParseError) return { ok: false, status: 400, code: error.code, line: error.line };
    throw error;
  }
  const header = records[0];
  const col = header ? header.fields.findIndex((f) => f.trim().toLowerCase().replace(/^\uFEFF/, '') === 'email' || f.trim() === 'メールアドレス') : -1;
  if (!header || col < 0) return { ok: false, status: 400, code: 'no_email_column', line: 1 };
  const people: Person[] = [];
  for (const r of records.slice(1)) {
    const email = (r.fields[col] ?? '').trim();
    if (!email) return { ok: false, status: 400, code: 'empty_email', line: r.line };
    const p = customerByEmail(db, email);
    if (!p) return { ok: false, status: 400, code: 'unknown_email', line: r.line, value: email.slice(0, 120) };
    people.push(p);
  }
  if (people.length === 0) return { ok: false, status: 400, code: 'no_rows', line: 2 };
  return db.transaction((): AttendanceResult => {
    const marked = writeAttendance(db, eventKey, people, 'csv', staffUserId, now);
    recordAudit(ormOf(db), { userId: staffUserId, via: 'web' }, 'event.attendance.import', { type: 'event', id: eventKey }, { rows: people.length, marked }, now);
    return { ok: true, marked, cleared: 0 };
  })();
}
