import type Database from 'better-sqlite3';

export interface EventPerson {
  userId: string;
  name: string;
  email: string;
  accountId: string;
  accountName: string;
  /** registered | cancelled | null (attended without registering). */
  status: 'registered' | 'cancelled' | null;
  registeredAt: number | null;
  attendedAt: number | null;
}

/** Registrations and attendance of one event, per person and account (staff page and CSV). */
export function listEventPeople(db: Database.Database, eventKey: string): EventPerson[] {
  return db.prepare(`
    WITH people AS (
      SELECT user_id FROM event_registrations WHERE event_key = @key
      UNION SELECT user_id FROM event_attendance WHERE event_key = @key
    )
    SELECT u.id AS userId, u.name, u.email, a.id AS accountId, a.name AS accountName, r.status, r.registered_at AS registeredAt, t.marked_at AS attendedAt
    FROM people p JOIN users u ON u.id = p.user_id JOIN accounts a ON a.id = u.account_id
    LEFT JOIN event_registrations r ON r.event_key = @key AND r.user_id = p.user_id
    LEFT JOIN event_attendance t ON t.event_key = @key AND t.user_id = p.user_id
    ORDER BY a.name, u.name, u.id`).all({ key: eventKey }) as EventPerson[];
}
