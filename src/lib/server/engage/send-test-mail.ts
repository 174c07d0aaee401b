import type { Db } from '../../../../db/client.ts';
import type { Locale } from '../../../schemas/common.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import type { Sample } from './sample-mail.ts';

/** Queue a previewed mail to the staff person themself (never to anyone else), marked as a test in the key. */
export function sendTestMail(db: Db, me: { userId: string; email: string }, sample: Extract<Sample, { ok: true }>, locale: Locale, now = Date.now()): void {
  db.transaction(() => {
    enqueueMail(db, { to: me.email, template: sample.template, locale, payload: sample.payload, idempotencyKey: `test:${me.userId}:${now}` }, now);
  });
}
