import type Database from 'better-sqlite3';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { ormOf } from '../kpi/kpi-context.ts';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { listEvents } from './list-events.ts';
import { eventMailPayload } from './register-for-event.ts';
import { contentNow } from '../../content/visibility.ts';

const DAY = 86_400_000;

/**
 * Reminders for everyone registered to an event that starts within `withinMs` (default one day) and has not
 * started. Run on a schedule by the server (and safe to run anywhere, any number of times): each person's
 * reminder has its own outbox key, so it is queued once however often or wherever this runs. `now` is the
 * content clock by default (event dates are content; see src/lib/content/visibility.ts).
 */
export function queueEventReminders(db: Database.Database, content: KpiContent, origin: string, now = contentNow().getTime(), withinMs = DAY): number {
  let queued = 0;
  const people = db.prepare(`SELECT r.user_id AS userId, u.email, u.locale FROM event_registrations r JOIN users u ON u.id = r.user_id
    WHERE r.event_key = ? AND r.status = 'registered' AND u.disabled_at IS NULL`);
  for (const e of listEvents(content)) {
    const start = e.event.startsAt.getTime();
    if (start <= now || start - now > withinMs) continue;
    const link = `${origin}/announcements/${encodeURIComponent(e.key)}`;
    db.transaction(() => {
      for (const p of people.all(e.key) as { userId: string; email: string; locale: 'ja' | 'en' }[]) {
        const r = enqueueMail(ormOf(db), {
          to: p.email, template: 'event-reminder', locale: p.locale, payload: eventMailPayload(e.title, e.event, link, p.locale),
          idempotencyKey: `event-reminder:${e.key}:${p.userId}`, expiresAt: start,
        }, now);
        if (r.queued) queued += 1;
      }
    })();
  }
  return queued;
}
