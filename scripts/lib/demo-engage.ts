// Demo history of the engage feature: mail preferences, the e-mail announcements already sent (delivered,
// some clicked, some then viewed), plays that fired a few days ago, and one CSM on the daily alert digest,
// so /manage/engage and the awareness funnel by channel are populated on a fresh `npm start`. It runs the
// real jobs with a clock set in the past, then marks their mails delivered, so the rows are exactly what
// production would have written.
import { and, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { engageSends, mailOutbox, users } from '../../db/schema/index.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { engageEnv } from '../../src/lib/server/engage/run-engage-jobs.ts';
import { queueAnnouncementMails } from '../../src/lib/server/engage/queue-announcement-mails.ts';
import { runPlays } from '../../src/lib/server/engage/run-plays.ts';
import { saveMailPreferences } from '../../src/lib/server/engage/mail-preferences.ts';
import { recordClick } from '../../src/lib/server/engage/record-click.ts';
import { signToken } from '../../src/lib/server/engage/signed-token.ts';
import { scrubPayload } from '../../src/lib/server/mail/templates.ts';
import { prng } from './activity-simulator.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function seedEngage(db: Db, root: string, now = Date.now()): { mails: number; clicks: number } {
  const rand = prng(20261201);
  const customers = db.select({ id: users.id }).from(users).where(inArray(users.role, ['customer', 'customer-admin'])).all();
  for (const c of customers) {
    const r = rand();
    // user@acme.example and friends keep the defaults, so the demo logins get mail.
    if (c.id === 'user-5' || c.id === 'user-6') continue;
    if (r < 0.12) saveMailPreferences(db, c.id, { announcements: 'weekly' }, now);
    else if (r < 0.17) saveMailPreferences(db, c.id, { announcements: 'off' }, now);
    else if (r < 0.2) saveMailPreferences(db, c.id, { nudges: false }, now);
  }
  saveMailPreferences(db, 'staff-csm-2', { alerts: 'daily' }, now);

  const config = getConfig();
  const base = engageEnv(db, root, config, now);
  let mails = 0;
  let clicks = 0;
  const deliver = (prefix: string, at: number) => {
    const rows = db.select({ id: mailOutbox.id, key: mailOutbox.idempotencyKey, template: mailOutbox.template, payload: mailOutbox.payload }).from(mailOutbox).where(and(like(mailOutbox.idempotencyKey, `${prefix}%`), eq(mailOutbox.state, 'pending'))).all();
    // As the sender leaves a sent mail: without its unsubscribe and tracked-link tokens.
    for (const r of rows) db.update(mailOutbox).set({ state: 'sent', attempts: 1, sentAt: at + Math.floor(rand() * 10 * 60_000), payload: scrubPayload(r.template, r.payload), updatedAt: at }).where(eq(mailOutbox.id, r.id)).run();
    mails += rows.length;
    return rows.map((r) => r.key);
  };
  const click = (keys: string[], share: number, at: number, kind: string, source: string) => {
    for (const key of keys) {
      if (rand() >= share) continue;
      const send = db.select().from(engageSends).where(eq(engageSends.idempotencyKey, key)).get();
      const items = send ? (JSON.parse(send.itemKeys) as string[]) : [];
      if (!send || !items.length) continue;
      const item = items[Math.floor(rand() * items.length)]!;
      const token = signToken(db, { p: 'click', u: send.userId, a: send.accountId, k: item, sk: kind, sv: source, e: now + 30 * DAY });
      if (recordClick(db, token, at + Math.floor(rand() * 36 * HOUR)).ok) clicks++;
    }
  };

  // Announcements marked for e-mail: sent an hour after they were published.
  for (const item of base.content.items.filter((i) => i.type === 'announcement' && i.channels.includes('email') && i.publishedAt.getTime() < now)) {
    const at = item.publishedAt.getTime() + HOUR;
    queueAnnouncementMails({ ...base, now: at, announcementMaxAgeDays: 3650 }, item);
    click(deliver(`announcement:${item.key}:`, at), 0.35, at, 'announcement', item.key);
  }
  // Plays that fired three days ago at 10:00 (outside quiet hours in any reporting zone near JST/UTC).
  const playsAt = Math.floor((now - 3 * DAY) / DAY) * DAY + HOUR;
  for (const r of runPlays({ ...base, now: playsAt })) {
    if (r.queued) click(deliver(`play:${r.play}:`, playsAt), 0.25, playsAt, 'play', r.play);
  }
  return { mails, clicks };
}
