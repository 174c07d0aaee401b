import type Database from 'better-sqlite3';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { listEvents, type CommunityEvent } from './list-events.ts';

export interface EventSummary extends CommunityEvent {
  registered: number;
  attended: number;
}

/** Every event with its registered seats and attendance (staff list). */
export function listEventSummaries(db: Database.Database, content: KpiContent): EventSummary[] {
  const reg = new Map((db.prepare(`SELECT event_key AS k, count(*) AS n FROM event_registrations WHERE status = 'registered' GROUP BY event_key`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const att = new Map((db.prepare(`SELECT event_key AS k, count(*) AS n FROM event_attendance GROUP BY event_key`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  return listEvents(content).map((e) => ({ ...e, registered: reg.get(e.key) ?? 0, attended: att.get(e.key) ?? 0 })).reverse();
}
