import { eq } from 'drizzle-orm';
import { canView } from '../../access.ts';
import { engageAnnouncementRuns } from '../../../../db/schema/index.ts';
import type { MailRequest } from '../mail/enqueue-mail.ts';
import { enqueueMailBatch } from '../mail/enqueue-mail-batch.ts';
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

/** Rows per transaction: short enough that the tracking writer and page requests never wait long for the lock. */
const CHUNK = 1000;

/**
 * Hand one announcement to the email channel: everyone of its audience who wants announcements gets one
 * mail (idempotency key announcement + person), people on the weekly digest get it added there, and the
 * announcement is marked done with the last chunk. Chunks are transactions of their own: a crash between
 * two leaves the announcement unmarked, the next run goes through the audience again and the idempotency
 * keys make sure nobody gets it twice; a run repeated by another process queues nothing twice either.
 */
export function queueAnnouncementMails(env: EngageEnv, item: EngageItem): AnnouncementMailResult {
  const { db, origin, now } = env;
  const result = { key: item.key, queued: 0, digested: 0, skipped: 0 };
  if (db.select().from(engageAnnouncementRuns).where(eq(engageAnnouncementRuns.announcementKey, item.key)).get()) return result;
  const prefs = readAllMailPreferences(db);
  const people = listCustomerPeople(db).filter((p) => canView(viewerOf(p), item.audience));
  const source = { kind: 'announcement', key: item.key };
  const c = db.$client;
  const digest = c.prepare('INSERT INTO engage_digest_items (user_id, announcement_key, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const sent = c.prepare('INSERT INTO engage_sends (idempotency_key, source_kind, source_key, user_id, account_id, item_keys, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  for (let start = 0; start < Math.max(people.length, 1); start += CHUNK) {
    const last = start + CHUNK >= people.length;
    db.transaction(() => {
      const mails: MailRequest<'announcement'>[] = [];
      for (const p of people.slice(start, start + CHUNK)) {
        const choice = (prefs.get(p.userId) ?? DEFAULT_PREFERENCES).announcements;
        if (choice === 'off') {
          result.skipped++;
          continue;
        }
        if (choice === 'weekly') {
          digest.run(p.userId, item.key, now);
          result.digested++;
          continue;
        }
        // The announcement itself first, then the items it points at that this person may open.
        const targets = [item, ...item.refs.map((k) => env.content.byKey.get(k)).filter((i): i is EngageItem => i !== undefined && canView(viewerOf(p), i.audience))];
        const key = `announcement:${item.key}:${p.userId}`;
        mails.push({
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
        });
        sent.run(key, 'announcement', item.key, p.userId, p.accountId, JSON.stringify(targets.map((t) => t.key)), now);
      }
      const r = enqueueMailBatch(db, mails, now);
      result.queued += r.queued;
      result.skipped += r.duplicate + r.suppressed;
      if (last) db.insert(engageAnnouncementRuns).values({ announcementKey: item.key, processedAt: now, queued: result.queued, digested: result.digested, skipped: result.skipped }).onConflictDoNothing().run();
    }, { behavior: 'immediate' });
  }
  return result;
}
