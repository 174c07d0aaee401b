import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

// Outbound mail (src/lib/server/mail/). Times are integer milliseconds since the epoch.

/**
 * The durable outbox: one row per mail, written in the same transaction as the decision to send it (a
 * reset link, an invitation), delivered later by the sender loop. The unique idempotency key is what makes
 * "send once" hold: enqueueing the same key again is a no-op.
 *
 * States: `pending` (waiting for its next attempt) → `sending` (claimed by the lease holder, SMTP in
 * progress) → `sent`; or `failed` (permanent SMTP refusal or attempts used up), `suppressed` (the address
 * refused mail permanently before), `expired` (its link stopped working before it could be sent).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Who decided what, e.g. `password-reset:<reset id>`; unique, so one decision yields one mail. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** Recipient address, lower case. */
    recipient: text('recipient').notNull(),
    /** Template name (src/lib/server/mail/templates.ts), e.g. `password-reset`. */
    template: text('template').notNull(),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull(),
    /** JSON parameters of the template. Secret fields (links with tokens) are blanked once the mail is done with. */
    payload: text('payload').notNull(),
    state: text('state', { enum: ['pending', 'sending', 'sent', 'failed', 'suppressed', 'expired'] }).notNull(),
    /** SMTP attempts started so far. */
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    /** After this the mail is useless (its link expired) and is not sent. Null = never. */
    expiresAt: bigint('expires_at', { mode: 'number' }),
    lastError: text('last_error'),
    /** Lease holder that claimed the row for sending (for recovery after a crash). */
    claimedBy: text('claimed_by'),
    /** When the mail was printed to the server log because SMTP_URL was unset (printed once). */
    loggedAt: bigint('logged_at', { mode: 'number' }),
    sentAt: bigint('sent_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  // Due mail by state and time (the sender); recent changes by state (/healthz: last sent, failures today).
  (t) => [index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt), index('mail_outbox_state_updated_idx').on(t.state, t.updatedAt), index('mail_outbox_recipient_idx').on(t.recipient)],
);

/** Addresses that refused mail permanently (SMTP 5xx for the recipient): nothing more is sent to them. */
export const mailSuppressions = pgTable('mail_suppressions', {
  email: text('email').primaryKey(),
  reason: text('reason').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/**
 * Who may send right now. One row per sender role (`outbox`); several processes on one database take turns
 * through it, so no two deliver at once. A holder renews `expiresAt` while it works.
 */
export const mailLease = pgTable('mail_lease', {
  name: text('name').primaryKey(),
  /** `<host>:<pid>:<random>`; the pid lets a process on the same host take over at once from a dead one. */
  holder: text('holder').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});
