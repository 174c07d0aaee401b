import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { mailOutbox } from '../../../../db/schema/index.ts';

/** The latest mails of the outbox (the dev mailbox page), newest first. */
export function listOutbox(db: Db, limit = 100) {
  return db
    .select({ id: mailOutbox.id, recipient: mailOutbox.recipient, template: mailOutbox.template, locale: mailOutbox.locale, state: mailOutbox.state, loggedAt: mailOutbox.loggedAt, sentAt: mailOutbox.sentAt, createdAt: mailOutbox.createdAt, lastError: mailOutbox.lastError })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
    .all();
}

export function readOutboxMail(db: Db, id: number) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get() ?? null;
}
