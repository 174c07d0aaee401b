import type { Db } from '../../../../db/client.ts';
import type { MailRequest } from './enqueue-mail.ts';
import { MAIL_TEMPLATES, scrubPayload, type MailTemplate } from './templates.ts';

const WAKE = Symbol.for('jisou.mail.wake');

/**
 * enqueueMail for thousands at once (an announcement to a whole audience): the same rows and rules (one row
 * per idempotency key, suppressed addresses recorded as `suppressed`, payload checked against its template),
 * through prepared statements. bench:engage measured drizzle's query builder at ~2 ms per row on a busy
 * 2-core machine against ~0.05 ms here: 10,000 mails went from 26 s to a few seconds. Call it inside the
 * caller's transaction. Returns how many rows were new (not duplicates, not suppressed).
 */
export function enqueueMailBatch(db: Db, mails: MailRequest<MailTemplate>[], now = Date.now()): { queued: number; duplicate: number; suppressed: number } {
  const c = db.$client;
  const suppressedSet = new Set((c.prepare('SELECT email FROM mail_suppressions').all() as { email: string }[]).map((r) => r.email));
  const insert = c.prepare(
    `INSERT INTO mail_outbox (idempotency_key, recipient, template, locale, payload, state, attempts, next_attempt_at, expires_at, last_error, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const out = { queued: 0, duplicate: 0, suppressed: 0 };
  for (const m of mails) {
    const payload = MAIL_TEMPLATES[m.template].payload.parse(m.payload);
    const to = m.to.trim().toLowerCase();
    const suppressed = suppressedSet.has(to);
    const json = JSON.stringify(payload);
    const r = insert.run(m.idempotencyKey, to, m.template, m.locale, suppressed ? scrubPayload(m.template, json) : json, suppressed ? 'suppressed' : 'pending', now, m.expiresAt ?? null, suppressed ? 'address suppressed after a permanent SMTP failure' : null, now, now);
    if (r.changes === 0) out.duplicate++;
    else if (suppressed) out.suppressed++;
    else out.queued++;
  }
  const wake = (globalThis as { [WAKE]?: () => void })[WAKE];
  if (wake && out.queued) setTimeout(wake, 0);
  return out;
}
