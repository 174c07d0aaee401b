import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.ts';

/**
 * Sign-in sessions. `id` is the SHA-256 (hex) of the random token in the cookie; the token itself is
 * never stored, so a leaked database cannot be replayed as cookies.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    /** Sliding expiry: moves forward with use, never past `absoluteExpiresAt`. */
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    absoluteExpiresAt: bigint('absolute_expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time invitation links; only the token's SHA-256 is kept. */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    role: text('role', { enum: ['customer', 'customer-admin', 'author', 'manager', 'admin'] }).notNull(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    invitedByUserId: text('invited_by_user_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    acceptedAt: bigint('accepted_at', { mode: 'number' }),
  },
  (t) => [index('invitations_email_idx').on(t.email)],
);

/** One-time password-reset links; only the token's SHA-256 is kept. */
export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
});

/**
 * Rate-limit counters (sign-in, invitation, reset) in SQLite so several app processes share them.
 * `key` is e.g. `login-ip:203.0.113.5` or `login-email:a@b.example`.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  blockedUntil: bigint('blocked_until', { mode: 'number' }),
});
