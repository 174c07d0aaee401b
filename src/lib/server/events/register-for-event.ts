import type Database from 'better-sqlite3';
import { canView, type Viewer } from '../../access.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { ormOf } from '../kpi/kpi-context.ts';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { findEvent, registrationClosesAt } from './list-events.ts';
import { getConfig } from '../config.ts';
import { contentNow } from '../../content/visibility.ts';

export type RegistrationResult =
  | { ok: true; status: 'registered' | 'cancelled' }
  | { ok: false; status: 403 | 404 | 409; code: 'customers_only' | 'unknown_event' | 'closed' | 'full' | 'already_registered' | 'not_registered' };

/** Registered seats of an event. */
export function countRegistered(db: Database.Database, eventKey: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM event_registrations WHERE event_key = ? AND status = 'registered'`).get(eventKey) as { n: number }).n;
}

export function isRegistered(db: Database.Database, eventKey: string, userId: string): boolean {
  return db.prepare(`SELECT 1 FROM event_registrations WHERE event_key = ? AND user_id = ? AND status = 'registered'`).get(eventKey, userId) !== undefined;
}

/**
 * A signed-in customer registers for an event or cancels, until the registration deadline; the seats are
 * counted and the row written in one transaction, so two people can never take the last seat. Registering
 * queues the confirmation mail in the same transaction (sent once, even when the request is retried).
 * The deadline is judged on the content clock (an event's dates are content, like publishedAt), so tests
 * can hold the demo's upcoming event open with JISOU_TEST_CLOCK_FILE; in production it is the wall clock.
 */
export function changeRegistration(
  db: Database.Database, content: KpiContent, viewer: Viewer, eventKey: string, intent: 'register' | 'cancel',
  opts: { origin: string; now?: number },
): RegistrationResult {
  const now = opts.now ?? contentNow().getTime();
  const found = findEvent(content, eventKey);
  if (!found || !canView(viewer, found.audience)) return { ok: false, status: 404, code: 'unknown_event' };
  if (!viewer.accountId || (viewer.role !== 'customer' && viewer.role !== 'customer-admin')) return { ok: false, status: 403, code: 'customers_only' };
  if (now > registrationClosesAt(found.event)) return { ok: false, status: 409, code: 'closed' };
  return db.transaction((): RegistrationResult => {
    const registered = isRegistered(db, eventKey, viewer.userId);
    if (intent === 'cancel') {
      if (!registered) return { ok: false, status: 409, code: 'not_registered' };
      db.prepare(`UPDATE event_registrations SET status = 'cancelled', cancelled_at = ? WHERE event_key = ? AND user_id = ?`).run(now, eventKey, viewer.userId);
      return { ok: true, status: 'cancelled' };
    }
    if (registered) return { ok: false, status: 409, code: 'already_registered' };
    if (found.event.capacity !== undefined && countRegistered(db, eventKey) >= found.event.capacity) return { ok: false, status: 409, code: 'full' };
    db.prepare(`INSERT INTO event_registrations (event_key, user_id, account_id, status, registered_at, cancelled_at) VALUES (?, ?, ?, 'registered', ?, NULL)
      ON CONFLICT (event_key, user_id) DO UPDATE SET status = 'registered', account_id = excluded.account_id, registered_at = excluded.registered_at, cancelled_at = NULL`)
      .run(eventKey, viewer.userId, viewer.accountId, now);
    const person = db.prepare('SELECT email, locale FROM users WHERE id = ?').get(viewer.userId) as { email: string; locale: 'ja' | 'en' } | undefined;
    if (person) {
      enqueueMail(ormOf(db), {
        to: person.email, template: 'event-registration', locale: person.locale,
        payload: eventMailPayload(found.title, found.event, `${opts.origin}/announcements/${encodeURIComponent(eventKey)}`, person.locale),
        idempotencyKey: `event-registration:${eventKey}:${viewer.userId}:${now}`,
        expiresAt: found.event.startsAt.getTime(),
      }, now);
    }
    return { ok: true, status: 'registered' };
  })();
}

/** What the confirmation and reminder mails say about the event. */
export function eventMailPayload(title: string, e: { startsAt: Date; place?: string; onlineUrl?: string }, link: string, locale: 'ja' | 'en') {
  const when = e.startsAt.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: getConfig().JISOU_TIMEZONE, dateStyle: 'long', timeStyle: 'short' });
  return { link, title: title.slice(0, 200), when, place: (e.place ?? e.onlineUrl ?? '').slice(0, 300) };
}
