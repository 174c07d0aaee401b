import { and, eq, inArray, isNull } from 'drizzle-orm';
import { canView } from '../../access.ts';
import { engageDigestItems, engageSends } from '../../../../db/schema/index.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { descriptionIn, titleIn, type EngageItem } from './engage-content.ts';
import type { EngageEnv } from './engage-env.ts';
import { listCustomerPeople, viewerOf } from './list-customer-people.ts';
import { localClock } from './local-clock.ts';
import { preferencesLink, trackedLink, unsubscribeLink } from './mail-links.ts';
import { readAllMailPreferences, DEFAULT_PREFERENCES } from './mail-preferences.ts';

/** The weekly digest goes out on Monday from 09:00 in the reporting time zone. */
const DIGEST_WEEKDAY = 1;
const DIGEST_FROM_MINUTES = 9 * 60;

/**
 * One digest per person with announcements waiting (chosen "weekly"), once a week. Someone who switched to
 * "off" meanwhile gets nothing (their waiting items are dropped); switched to "immediately", they still get
 * what waited, in this digest.
 */
export function queueAnnouncementDigests(env: EngageEnv): number {
  const { db, now, origin } = env;
  const clock = localClock(now, env.settings.timeZone);
  if (clock.weekday !== DIGEST_WEEKDAY || clock.minutes < DIGEST_FROM_MINUTES) return 0;
  const waiting = db.select().from(engageDigestItems).where(isNull(engageDigestItems.digestKey)).all();
  if (!waiting.length) return 0;
  const prefs = readAllMailPreferences(db);
  const people = new Map(listCustomerPeople(db).map((p) => [p.userId, p]));
  let sent = 0;
  db.transaction(() => {
    for (const userId of new Set(waiting.map((w) => w.userId))) {
      const person = people.get(userId);
      const keys = waiting.filter((w) => w.userId === userId).map((w) => w.announcementKey);
      const key = `announcement-digest:${userId}:${clock.day}`;
      const mark = () => db.update(engageDigestItems).set({ digestKey: key }).where(and(eq(engageDigestItems.userId, userId), inArray(engageDigestItems.announcementKey, keys))).run();
      if (!person || (prefs.get(userId) ?? DEFAULT_PREFERENCES).announcements === 'off') {
        mark();
        continue;
      }
      const items = keys.map((k) => env.content.byKey.get(k)).filter((i): i is EngageItem => i !== undefined && canView(viewerOf(person), i.audience));
      if (!items.length) {
        mark();
        continue;
      }
      const source = { kind: 'announcement-digest', key: clock.day };
      const queued = enqueueMail(db, {
        to: person.email, template: 'announcement-digest', locale: person.locale, idempotencyKey: key,
        payload: {
          items: items.map((i) => ({ title: titleIn(i, person.locale), note: descriptionIn(i, person.locale).slice(0, 300), href: trackedLink(db, origin, person, i.key, { kind: 'announcement', key: i.key }, env.linkTtlDays, now) })),
          unsubscribe: unsubscribeLink(db, origin, userId, 'announcements'),
          preferences: preferencesLink(origin),
        },
      }, now);
      // Today's digest already went out (an announcement arrived after it): this one waits for next week's.
      if (!queued.queued && queued.reason === 'duplicate') continue;
      db.insert(engageSends).values({ idempotencyKey: key, sourceKind: source.kind, sourceKey: source.key, userId, accountId: person.accountId, itemKeys: JSON.stringify(items.map((i) => i.key)), createdAt: now }).onConflictDoNothing().run();
      mark();
      sent++;
    }
  }, { behavior: 'immediate' });
  return sent;
}
