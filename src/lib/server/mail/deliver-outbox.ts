import { and, asc, eq, isNull, lte, ne, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../../../../db/client.ts';
import { mailOutbox, mailSuppressions } from '../../../../db/schema/index.ts';
import { logEvent } from '../log.ts';
import { acquireLease } from './sender-lease.ts';
import { classifySmtpError, logMail, type MailTransport } from './smtp-transport.ts';
import { renderMail, scrubPayload } from './templates.ts';

type OutboxRow = typeof mailOutbox.$inferSelect;

export interface SenderOptions {
  /** The sender's own connection (not the pages'). */
  db: Db;
  holder: string;
  /** null when SMTP_URL is unset: due mail is printed to the log once and stays pending in the outbox. */
  transport: MailTransport | null;
  /** PUBLIC_ORIGIN (or the development fallback): the footer and the Message-ID domain. */
  origin: string;
  ratePerMinute: number;
  retryBaseMs: number;
  maxAttempts: number;
  /** Pacing kept between batches of one sender, so the rate holds across polls. */
  pace: { nextSendAt: number };
  now?: () => number;
}

export interface BatchResult {
  /** False when another process holds the lease (this one sent nothing). */
  lease: boolean;
  leaseHolder?: string;
  sent: number;
  logged: number;
  retrying: number;
  failed: number;
  suppressed: number;
  expired: number;
  /** Mails given back to the queue because their sender died mid-send (sent again, same Message-ID). */
  recovered: number;
  lastError: string | null;
}

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Derived from the idempotency key: a mail sent again after a crash carries the same Message-ID. */
export function messageIdFor(key: string, origin: string): string {
  return `<outbox-${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${new URL(origin).hostname}>`;
}

function retryDelay(attempts: number, baseMs: number): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), HOUR);
  // ±20 % so a relay coming back is not hit by every waiting mail in the same second.
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

/**
 * When the send after this one may start. The sends keep to a fixed schedule (slot after slot, `spacing`
 * apart) instead of "spacing after this send started": the time to claim, render and wake from the timer,
 * and the waits for the database's write lock on a busy server, would otherwise add up on every message and
 * the rate would fall short of the configured one (1,078/min for 1,200 in bench:engage). A send less than a
 * quarter second behind its slot (or one slot, when slots are longer) keeps the schedule, so the next ones
 * follow a little sooner until it is caught up; a send further behind (a slow relay, an idle outbox) starts
 * a new schedule from now, so a long stall is never made up with a burst. No send starts before its slot:
 * over any stretch the sender is at most a quarter second's worth of mail plus one ahead of the rate (at
 * 1,200/min 6 mails, 0.5 % of a minute; at 240/min or less, one).
 */
const CATCH_UP_MS = 250;
export function nextSendSlot(slot: number, startedAt: number, spacing: number): number {
  const late = startedAt - slot;
  return (late >= 0 && late < Math.max(spacing, CATCH_UP_MS) ? slot : startedAt) + spacing;
}

/**
 * Crash recovery, the one place where a mail can go out twice. A row still `sending` while we hold the
 * lease was claimed by a sender that died (or stalled past its lease) between claiming it and recording
 * the SMTP answer. We cannot know whether the relay accepted it, and we choose at-least-once: it goes back
 * to the queue and is sent again with the same Message-ID. Claims are one message at a time, so a crash
 * can duplicate at most that one message; everything else is either marked sent or was never handed over.
 */
function recoverInterrupted(db: Db, holder: string, now: number): number {
  // Read first: the UPDATE would take the write lock even when it matches nothing.
  const orphan = db.select({ id: mailOutbox.id }).from(mailOutbox).where(and(eq(mailOutbox.state, 'sending'), ne(mailOutbox.claimedBy, holder))).limit(1).get();
  if (!orphan) return 0;
  return db
    .update(mailOutbox)
    .set({ state: 'pending', claimedBy: null, nextAttemptAt: now, lastError: 'sender stopped while sending; sent again with the same Message-ID', updatedAt: now })
    .where(and(eq(mailOutbox.state, 'sending'), ne(mailOutbox.claimedBy, holder)))
    .run().changes;
}

/** The next due mail, claimed for this holder in one transaction; expired and suppressed ones are settled on the way. */
function claimNext(db: Db, holder: string, now: number, smtp: boolean, counts: BatchResult): OutboxRow | null {
  const due = and(eq(mailOutbox.state, 'pending'), lte(mailOutbox.nextAttemptAt, now), smtp ? undefined : isNull(mailOutbox.loggedAt));
  // Nothing due (the usual poll): a read, no write lock taken.
  if (!db.select({ id: mailOutbox.id }).from(mailOutbox).where(due).limit(1).get()) return null;
  return db.transaction(
    () => {
      for (;;) {
        const row = db.select().from(mailOutbox).where(due).orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id)).limit(1).get();
        if (!row) return null;
        if (row.expiresAt !== null && row.expiresAt <= now) {
          db.update(mailOutbox).set({ state: 'expired', payload: scrubPayload(row.template, row.payload), updatedAt: now }).where(eq(mailOutbox.id, row.id)).run();
          counts.expired++;
          continue;
        }
        if (db.select().from(mailSuppressions).where(eq(mailSuppressions.email, row.recipient)).get()) {
          db.update(mailOutbox).set({ state: 'suppressed', lastError: 'address suppressed after a permanent SMTP failure', payload: scrubPayload(row.template, row.payload), updatedAt: now }).where(eq(mailOutbox.id, row.id)).run();
          counts.suppressed++;
          continue;
        }
        if (!smtp) return row;
        db.update(mailOutbox).set({ state: 'sending', claimedBy: holder, attempts: sql`${mailOutbox.attempts} + 1`, updatedAt: now }).where(eq(mailOutbox.id, row.id)).run();
        return { ...row, state: 'sending', attempts: row.attempts + 1, claimedBy: holder };
      }
    },
    { behavior: 'immediate' },
  );
}

function settle(db: Db, row: OutboxRow, set: Partial<OutboxRow>): void {
  db.update(mailOutbox).set(set).where(eq(mailOutbox.id, row.id)).run();
}

/**
 * Deliver due mail until none is due, `limit` mails were handled, or `stop()` says so: lease → claim one →
 * send → record the answer, paced to `ratePerMinute`. Temporary failures (network, 4xx, our own 5xx to
 * AUTH/MAIL FROM) retry with exponential backoff up to `maxAttempts`; a permanent refusal of the recipient
 * fails the mail and suppresses the address (its other waiting mails too).
 */
export async function deliverDueMail(opts: SenderOptions, limit = Number.POSITIVE_INFINITY, stop: () => boolean = () => false): Promise<BatchResult> {
  const now = opts.now ?? Date.now;
  const counts: BatchResult = { lease: false, sent: 0, logged: 0, retrying: 0, failed: 0, suppressed: 0, expired: 0, recovered: 0, lastError: null };
  const { db, holder } = opts;
  const spacing = 60_000 / opts.ratePerMinute;
  // The next mail is claimed and rendered up to this long before its slot, so waiting for the database's
  // write lock (the tracking writer holds it often on a busy server) is spent before the slot, not after it.
  // Short next to the lease: a claimed mail is always sent (or settled) by this same pass.
  const claimAhead = Math.min(spacing, 200);
  let handled = 0;
  while (handled < limit && !stop()) {
    const lease = acquireLease(db, holder, now());
    if (!lease.held) {
      counts.leaseHolder = lease.holder;
      return counts;
    }
    if (!counts.lease) {
      counts.lease = true;
      counts.recovered = recoverInterrupted(db, holder, now());
      if (counts.recovered) logEvent('warn', 'mail: re-queued mail whose sender stopped mid-send', { count: counts.recovered });
    }
    if (opts.transport) {
      const wait = opts.pace.nextSendAt - now() - claimAhead;
      if (wait > 0) {
        await sleep(Math.min(wait, 1000));
        continue;
      }
    }
    const row = claimNext(db, holder, now(), opts.transport !== null, counts);
    if (!row) break;
    handled++;
    let rendered;
    try {
      rendered = renderMail(row.template, row.locale, JSON.parse(row.payload), opts.origin);
    } catch (error) {
      // A row we cannot render will never render: give it up instead of retrying forever.
      const message = `cannot render: ${(error as Error).message}`.slice(0, 500);
      settle(db, row, { state: 'failed', lastError: message, claimedBy: null, updatedAt: now() });
      logEvent('error', 'mail: cannot render', { id: row.id, template: row.template, error: message });
      counts.failed++;
      counts.lastError = message;
      continue;
    }
    if (!opts.transport) {
      logMail({ to: row.recipient, subject: rendered.subject, text: rendered.text, messageId: '' });
      settle(db, row, { loggedAt: now(), updatedAt: now() });
      counts.logged++;
      continue;
    }
    const early = opts.pace.nextSendAt - now();
    if (early > 0) await sleep(early);
    opts.pace.nextSendAt = nextSendSlot(opts.pace.nextSendAt, now(), spacing);
    try {
      await opts.transport.send({ to: row.recipient, ...rendered, messageId: messageIdFor(row.idempotencyKey, opts.origin) });
      settle(db, row, { state: 'sent', sentAt: now(), claimedBy: null, lastError: null, payload: scrubPayload(row.template, row.payload), updatedAt: now() });
      counts.sent++;
    } catch (error) {
      const failure = classifySmtpError(error);
      counts.lastError = failure.message;
      const t = now();
      if (failure.permanent) {
        db.transaction(() => {
          settle(db, row, { state: 'failed', lastError: failure.message, claimedBy: null, payload: scrubPayload(row.template, row.payload), updatedAt: t });
          db.insert(mailSuppressions).values({ email: row.recipient, reason: failure.message, createdAt: t }).onConflictDoNothing().run();
          // The address's other waiting mails will never be sent either: settled, and without their tokens.
          const waiting = db.select({ id: mailOutbox.id, template: mailOutbox.template, payload: mailOutbox.payload }).from(mailOutbox).where(and(eq(mailOutbox.recipient, row.recipient), eq(mailOutbox.state, 'pending'))).all();
          for (const w of waiting) {
            db.update(mailOutbox)
              .set({ state: 'suppressed', lastError: 'address suppressed after a permanent SMTP failure', payload: scrubPayload(w.template, w.payload), updatedAt: t })
              .where(and(eq(mailOutbox.id, w.id), eq(mailOutbox.state, 'pending')))
              .run();
          }
        });
        logEvent('warn', 'mail: recipient refused permanently; address suppressed', { id: row.id, error: failure.message });
        counts.failed++;
      } else if (row.attempts >= opts.maxAttempts) {
        settle(db, row, { state: 'failed', lastError: failure.message, claimedBy: null, payload: scrubPayload(row.template, row.payload), updatedAt: t });
        logEvent('error', 'mail: giving up after the last attempt', { id: row.id, attempts: row.attempts, error: failure.message });
        counts.failed++;
      } else {
        const delay = retryDelay(row.attempts, opts.retryBaseMs);
        settle(db, row, { state: 'pending', lastError: failure.message, claimedBy: null, nextAttemptAt: t + delay, updatedAt: t });
        logEvent('warn', 'mail: sending failed, will retry', { id: row.id, attempts: row.attempts, retryInSeconds: Math.round(delay / 1000), error: failure.message });
        counts.retrying++;
        // The relay is unreachable or busy: the other due mails would fail the same way. Next poll.
        break;
      }
    }
  }
  return counts;
}
