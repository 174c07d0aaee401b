import type Database from 'better-sqlite3';

/** What /healthz shows about outbound mail. */
export interface MailHealth {
  /** SMTP_URL is set (otherwise mail is printed to the log and kept in the outbox). Named "relay" so the word SMTP never appears in /healthz unless an error says it. */
  relay: boolean;
  /** Mails waiting to be sent (including those waiting for a retry). */
  pending: number;
  /** Of those, mails whose last attempt failed temporarily and that wait for a retry. */
  retrying: number;
  sending: number;
  /** Mails given up (permanent refusal or attempts used up), in the last 24 hours. */
  failedLast24h: number;
  /** Addresses suppressed after a permanent SMTP failure. */
  suppressedAddresses: number;
  /** Age of the oldest waiting mail, seconds (null when none waits). */
  oldestPendingSeconds: number | null;
  lastSentAt: string | null;
  lastError: string | null;
  /** The sender holding the lease, and until when (null when none ever ran). */
  lease: { holder: string; expiresAt: string } | null;
}

const DAY = 86_400_000;
/** Backlog older than this with SMTP configured means delivery is behind. */
const BEHIND_MS = 15 * 60_000;

/**
 * Outbox figures from the database (so /healthz in any process sees every sender's work), plus the problems
 * an operator should act on: mails waiting for a retry (the relay refuses or is unreachable) or a backlog
 * older than 15 minutes. A suppressed address is the recipient's problem and does not degrade health.
 */
export function readMailHealth(db: Database.Database, smtp: boolean, now = Date.now()): { mail: MailHealth; problems: string[] } {
  const counts = db
    .prepare(
      `SELECT
         (SELECT count(*) FROM mail_outbox WHERE state = 'pending') AS pending,
         (SELECT count(*) FROM mail_outbox WHERE state = 'pending' AND attempts > 0) AS retrying,
         (SELECT count(*) FROM mail_outbox WHERE state = 'sending') AS sending,
         (SELECT count(*) FROM mail_outbox WHERE state = 'failed' AND updated_at > ?) AS failed,
         (SELECT count(*) FROM mail_suppressions) AS suppressed,
         (SELECT min(created_at) FROM mail_outbox WHERE state = 'pending') AS oldest,
         (SELECT max(updated_at) FROM mail_outbox WHERE state = 'sent') AS lastSent,
         (SELECT last_error FROM mail_outbox WHERE state IN ('pending', 'failed') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1) AS lastError`,
    )
    .get(now - DAY) as { pending: number; retrying: number; sending: number; failed: number; suppressed: number; oldest: number | null; lastSent: number | null; lastError: string | null };
  const lease = db.prepare(`SELECT holder, expires_at AS expiresAt FROM mail_lease WHERE name = 'outbox'`).get() as { holder: string; expiresAt: number } | undefined;
  const mail: MailHealth = {
    relay: smtp,
    pending: counts.pending,
    retrying: counts.retrying,
    sending: counts.sending,
    failedLast24h: counts.failed,
    suppressedAddresses: counts.suppressed,
    oldestPendingSeconds: counts.oldest === null ? null : Math.max(0, Math.round((now - counts.oldest) / 1000)),
    lastSentAt: counts.lastSent === null ? null : new Date(counts.lastSent).toISOString(),
    lastError: counts.lastError,
    lease: lease ? { holder: lease.holder, expiresAt: new Date(lease.expiresAt).toISOString() } : null,
  };
  const problems: string[] = [];
  if (smtp && mail.retrying > 0) problems.push(`mail: ${mail.retrying} mail(s) waiting for a retry (last error: ${mail.lastError ?? 'unknown'})`);
  else if (smtp && counts.oldest !== null && now - counts.oldest > BEHIND_MS) problems.push(`mail: delivery is behind; the oldest mail has waited ${Math.round((now - counts.oldest) / 60_000)} min (is a sender running? see docs/operations.md)`);
  return { mail, problems };
}
