import { eq } from 'drizzle-orm';
import { canView } from '../../access.ts';
import { engageAnnouncementRuns, engageDigestItems, engageSends } from '../../../../db/schema/index.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { descriptionIn, titleIn, type EngageItem } from './engage-content.ts';
import type { EngageEnv } from './engage-env.ts';
import { listCustomerPeople, viewerOf } from './list-customer-people.ts';
import { preferencesLink, trackedLink, unsubscribeLink } from './mail-links.ts';
import { readAllMailPreferences, DEFAULT_PREFERENCES } from './mail-preferences.ts';

const DAY = 86_400_000;

export interface AnnouncementMailResult {
  key: string;
  queued: number;
  digested: number;
  skipped: number;
}

/** E-mail announcements whose time has come (publishedAt ≤ now, not older than the max age) and not yet handed out. */
export function dueEmailAnnouncements(env: EngageEnv): EngageItem[] {
  const done = new Set(env.db.select({ key: engageAnnouncementRuns.announcementKey }).from(engageAnnouncementRuns).all().map((r) => r.key));
  return env.content.items.filter(
    (i) => i.type === 'announcement' && i.channels.includes('email') && i.publishedAt.getTime() <= env.now && env.now - i.publishedAt.getTime() <= env.announcementMaxAgeDays * DAY && !done.has(i.key),
  );
}

/**
 * Hand one announcement to the email channel: everyone of its audience who wants announcements gets one
 * mail (idempotency key announcement + person), people on the weekly digest get it added there, and the
 * announcement is marked done, all in one transaction: a crash leaves either everything or nothing queued,
 * and a run repeated by another process queues nothing twice.
 */
export function queueAnnouncementMails(env: EngageEnv, item: EngageItem): AnnouncementMailResult {
  const { db, origin, now } = env;
  const prefs = readAllMailPreferences(db);
  const people = listCustomerPeople(db).filter((p) => canView(viewerOf(p), item.audience));
  const source = { kind: 'announcement', key: item.key };
  return db.transaction(() => {
    const result = { key: item.key, queued: 0, digested: 0, skipped: 0 };
    if (db.select().from(engageAnnouncementRuns).where(eq(engageAnnouncementRuns.announcementKey, item.key)).get()) return result;
    for (const p of people) {
      const choice = (prefs.get(p.userId) ?? DEFAULT_PREFERENCES).announcements;
      if (choice === 'off') {
        result.skipped++;
        continue;
      }
      if (choice === 'weekly') {
        db.insert(engageDigestItems).values({ userId: p.userId, announcementKey: item.key, addedAt: now }).onConflictDoNothing().run();
        result.digested++;
        continue;
      }
      // The announcement itself first, then the items it points at that this person may open.
      const targets = [item, ...item.refs.map((k) => env.content.byKey.get(k)).filter((i): i is EngageItem => i !== undefined && canView(viewerOf(p), i.audience))];
      const key = `announcement:${item.key}:${p.userId}`;
      const r = enqueueMail(
        db,
        {
          to: p.email,
          template: 'announcement',
          locale: p.locale,
          idempotencyKey: key,
          payload: {
            title: titleIn(item, p.locale),
            summary: descriptionIn(item, p.locale),
            items: targets.map((t) => ({ title: titleIn(t, p.locale), href: trackedLink(db, origin, p, t.key, source, env.linkTtlDays, now) })),
            unsubscribe: unsubscribeLink(db, origin, p.userId, 'announcements'),
            preferences: preferencesLink(origin),
          },
        },
        now,
      );
      db.insert(engageSends).values({ idempotencyKey: key, sourceKind: 'announcement', sourceKey: item.key, userId: p.userId, accountId: p.accountId, itemKeys: JSON.stringify(targets.map((t) => t.key)), createdAt: now }).onConflictDoNothing().run();
      if (r.queued) result.queued++;
      else result.skipped++;
    }
    db.insert(engageAnnouncementRuns).values({ announcementKey: item.key, processedAt: now, queued: result.queued, digested: result.digested, skipped: result.skipped }).run();
    return result;
  }, { behavior: 'immediate' });
}
