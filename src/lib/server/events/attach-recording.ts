import type Database from 'better-sqlite3';
import { recordAudit } from '../accounts/audit.ts';
import { ormOf } from '../kpi/kpi-context.ts';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { findEvent } from './list-events.ts';

export type RecordingResult =
  | { ok: true; webinarKey: string | null }
  | { ok: false; status: 400 | 404; code: 'unknown_event' | 'unknown_webinar' };

/** Webinars a recording may point at (published, not drafts), by title, for the staff form. */
export function listRecordingChoices(content: KpiContent): { key: string; title: string }[] {
  return content.items.filter((i) => i.type === 'webinar').map((i) => ({ key: i.key, title: i.title })).sort((a, b) => a.title.localeCompare(b.title, 'ja'));
}

/**
 * The recording of an event: the one staff attached (stored), else the frontmatter's `event.recording`.
 * Read by the event page, so a recording attached on /manage/events shows without a new build.
 */
export function getEventRecording(db: Database.Database, eventKey: string, fromContent: string | undefined): string | undefined {
  const row = db.prepare('SELECT webinar_key AS webinarKey FROM event_recordings WHERE event_key = ?').get(eventKey) as { webinarKey: string } | undefined;
  return row?.webinarKey ?? fromContent;
}

/**
 * Staff attach a webinar as the event's recording (or, with an empty key, take theirs back so the
 * frontmatter's applies again). The key must name a webinar of the published content: anything else is a
 * 400 and nothing changes. Audited like the attendance ticks.
 */
export function attachEventRecording(
  db: Database.Database, content: KpiContent, staffUserId: string, eventKey: string, webinarKey: string, now = Date.now(),
): RecordingResult {
  if (!findEvent(content, eventKey)) return { ok: false, status: 404, code: 'unknown_event' };
  const key = webinarKey.trim();
  if (key && content.byKey.get(key)?.type !== 'webinar') return { ok: false, status: 400, code: 'unknown_webinar' };
  return db.transaction((): RecordingResult => {
    if (key) {
      db.prepare(`INSERT INTO event_recordings (event_key, webinar_key, attached_by, attached_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (event_key) DO UPDATE SET webinar_key = excluded.webinar_key, attached_by = excluded.attached_by, attached_at = excluded.attached_at`)
        .run(eventKey, key, staffUserId, now);
    } else {
      db.prepare('DELETE FROM event_recordings WHERE event_key = ?').run(eventKey);
    }
    recordAudit(ormOf(db), { userId: staffUserId, via: 'web' }, 'event.recording', { type: 'event', id: eventKey }, { webinar: key || null }, now);
    return { ok: true, webinarKey: key || null };
  })();
}
