import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { mailOutbox, mailSuppressions } from '../../../../db/schema/index.ts';
import type { Locale } from '../../../schemas/common.ts';
import { MAIL_TEMPLATES, scrubPayload, type MailPayload, type MailTemplate } from './templates.ts';

export interface MailRequest<T extends MailTemplate = MailTemplate> {
  to: string;
  template: T;
  locale: Locale;
  payload: MailPayload<T>;
  /**
   * Names the decision that sends this mail, e.g. `password-reset:<reset id>`. The outbox holds one row
   * per key: queueing the same key again does nothing, so a retried request or job never mails twice.
   */
  idempotencyKey: string;
  /** After this time (ms) the mail is pointless (its link has expired) and is not sent. */
  expiresAt?: number;
}

export type EnqueueResult = { queued: true; id: number } | { queued: false; reason: 'duplicate' | 'suppressed'; id: number };

const WAKE = Symbol.for('jisou.mail.wake');

/**
 * Put a mail in the outbox. Call it inside the caller's `db.transaction(() => …)` together with the change
 * that decides to send (the reset link, the invitation): both are committed or neither is, so no mail is
 * lost to a crash and none is sent for a change that was rolled back. Delivery happens later, in the
 * sender loop (src/lib/server/mail/start-mail-sender.ts) or `npm run engage -- run-once`; the request that
 * queued it never waits for SMTP.
 *
 * An address that refused mail permanently before is recorded as `suppressed` (kept, never sent).
 */
export function enqueueMail<T extends MailTemplate>(db: Db, mail: MailRequest<T>, now = Date.now()): EnqueueResult {
  const payload = MAIL_TEMPLATES[mail.template].payload.parse(mail.payload);
  const to = mail.to.trim().toLowerCase();
  const suppressed = db.select({ email: mailSuppressions.email }).from(mailSuppressions).where(eq(mailSuppressions.email, to)).get();
  const inserted = db
    .insert(mailOutbox)
    .values({
      idempotencyKey: mail.idempotencyKey,
      recipient: to,
      template: mail.template,
      locale: mail.locale,
      // A suppressed mail is never sent: it is kept without its tokens from the start.
      payload: suppressed ? scrubPayload(mail.template, JSON.stringify(payload)) : JSON.stringify(payload),
      state: suppressed ? 'suppressed' : 'pending',
      lastError: suppressed ? 'address suppressed after a permanent SMTP failure' : null,
      nextAttemptAt: now,
      expiresAt: mail.expiresAt ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: mailOutbox.idempotencyKey })
    .returning({ id: mailOutbox.id })
    .get();
  if (!inserted) {
    const existing = db.select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.idempotencyKey, mail.idempotencyKey)).get();
    return { queued: false, reason: 'duplicate', id: existing?.id ?? 0 };
  }
  if (suppressed) return { queued: false, reason: 'suppressed', id: inserted.id };
  // A sender in this process (scripts/start.ts) picks the mail up at once; the timer lets the caller's
  // transaction commit first. Elsewhere (CLI, tests) the next poll or run-once delivers it.
  const wake = (globalThis as { [WAKE]?: () => void })[WAKE];
  if (wake) setTimeout(wake, 0);
  return { queued: true, id: inserted.id };
}

/** For the sender: be woken when a mail is queued in this process. */
export function onMailQueued(wake: (() => void) | undefined): void {
  (globalThis as { [WAKE]?: () => void })[WAKE] = wake;
}
