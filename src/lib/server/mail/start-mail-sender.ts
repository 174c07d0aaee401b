import { and, eq, isNull, min } from 'drizzle-orm';
import { openDatabase, type Db } from '../../../../db/client.ts';
import { mailOutbox } from '../../../../db/schema/index.ts';
import type { Config } from '../../../schemas/config.ts';
import { logError, logEvent } from '../log.ts';
import { publicOrigin } from '../origin/public-origin.ts';
import { deliverDueMail, type BatchResult, type SenderOptions } from './deliver-outbox.ts';
import { onMailQueued } from './enqueue-mail.ts';
import { newLeaseHolder, releaseLease } from './sender-lease.ts';
import { createSmtpTransport } from './smtp-transport.ts';
import { databaseLocation } from '../config.ts';

/** Sender settings from the validated configuration (shared by the server loop and `engage run-once`). */
export function senderOptions(db: Db, config: Config): SenderOptions {
  return {
    db,
    holder: newLeaseHolder(),
    transport: config.SMTP_URL ? createSmtpTransport(config.SMTP_URL, config.MAIL_FROM, config.MAIL_REPLY_TO) : null,
    origin: publicOrigin(config),
    ratePerMinute: config.MAIL_RATE_PER_MINUTE,
    retryBaseMs: config.MAIL_RETRY_BASE_SECONDS * 1000,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    pace: { nextSendAt: 0 },
  };
}

const WAKE_DELAY_MS = 250;

/** When the earliest waiting mail is due (ms), or null. */
function nextDueAt(db: Db, smtp: boolean): number | null {
  const row = db
    .select({ at: min(mailOutbox.nextAttemptAt) })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.state, 'pending'), smtp ? undefined : isNull(mailOutbox.loggedAt)))
    .get();
  return row?.at ?? null;
}

function summarize(r: BatchResult): Record<string, number> | null {
  const fields = { sent: r.sent, logged: r.logged, retrying: r.retrying, failed: r.failed, suppressed: r.suppressed, expired: r.expired, recovered: r.recovered };
  return Object.values(fields).some((n) => n > 0) ? fields : null;
}

/**
 * The sender loop inside the server (scripts/start.ts): its own database connection (short busy timeout,
 * like the tracking ingest, so a locked database delays it rather than the pages), woken at once when this
 * process queues a mail, otherwise polling every MAIL_POLL_SECONDS or when the next retry is due. `close()`
 * lets the message in hand finish, then gives the lease up so another process can continue at once.
 */
export function startMailSender(root: string, config: Config): { close(): Promise<void> } {
  const db = openDatabase(databaseLocation(config), root);
  db.$client.pragma('busy_timeout = 250');
  const opts = senderOptions(db, config);
  const pollMs = config.MAIL_POLL_SECONDS * 1000;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | null = null;
  let again = false;
  let closing = false;

  /** Run a batch in `ms`, unless one is already due sooner. */
  function schedule(ms: number): void {
    if (closing) return;
    const at = Date.now() + Math.max(20, ms);
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      void tick();
    }, at - Date.now());
  }

  async function tick(): Promise<void> {
    if (closing) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    let delay = pollMs;
    running = (async () => {
      try {
        do {
          again = false;
          const result = await deliverDueMail(opts, Number.POSITIVE_INFINITY, () => closing);
          const summary = summarize(result);
          if (summary) logEvent('info', 'mail: batch', summary);
          if (!result.lease) return;
        } while (again && !closing);
        const due = nextDueAt(db, opts.transport !== null);
        if (due !== null) delay = Math.min(pollMs, due - Date.now());
      } catch (error) {
        // A locked or full database: nothing was lost (the rows are still there); try again at the next poll.
        logError('mail: sender batch failed', error);
      }
    })();
    await running;
    running = null;
    schedule(delay);
  }

  // Not at once: the sender's own work (claim, render, connect) would land inside the response of the request
  // that queued the mail and make "registered address" measurably slower than "unknown address". A moment
  // later the answer is out; a mail a quarter second later makes no difference to anyone.
  onMailQueued(() => (running ? (again = true) : schedule(WAKE_DELAY_MS)));
  schedule(0);
  logEvent('info', opts.transport ? 'mail: sender started' : 'mail: sender started without SMTP_URL; mail is printed to the log and kept in the outbox', {
    ratePerMinute: config.MAIL_RATE_PER_MINUTE,
  });

  return {
    async close() {
      closing = true;
      clearTimeout(timer);
      onMailQueued(undefined);
      if (running) await running;
      try {
        releaseLease(db, opts.holder);
      } finally {
        opts.transport?.close();
        db.$client.close();
      }
    },
  };
}
