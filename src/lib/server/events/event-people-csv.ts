import type Database from 'better-sqlite3';
import { csvCell } from '../kpi/to-csv.ts';
import { listEventPeople } from './list-event-people.ts';

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : '');

/** Registrations and attendance per person and account, UTF-8 with BOM and CRLF (Excel reads it). */
export function eventPeopleCsv(db: Database.Database, eventKey: string, t: (key: string) => string): string {
  const header = ['dashboard.col.account', 'dashboard.col.person', 'dashboard.col.email', 'event.manage.status', 'event.manage.registeredAt', 'event.manage.attended'].map((k) => csvCell(t(k)));
  const rows = listEventPeople(db, eventKey).map((p) =>
    [p.accountName, p.name, p.email, p.status ?? 'walk-in', iso(p.registeredAt), iso(p.attendedAt)].map((v) => csvCell(v)).join(','),
  );
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
