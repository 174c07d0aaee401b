import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts, users } from './accounts.ts';

/**
 * Sign-in sessions. `id` is the SHA-256 (hex) of the random token in the cookie; the token itself is
 * never stored, so a leaked database cannot be replayed as cookies.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Sliding expiry: moves forward with use, never past `absoluteExpiresAt`. */
    expiresAt: integer('expires_at').notNull(),
    absoluteExpiresAt: integer('absolute_expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time invitation links; only the token's SHA-256 is kept. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    role: text('role', { enum: ['customer', 'customer-admin', 'author', 'manager', 'admin'] }).notNull(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    invitedByUserId: text('invited_by_user_id'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
  },
  (t) => [index('invitations_email_idx').on(t.email)],
);

/** One-time password-reset links; only the token's SHA-256 is kept. */
export const passwordResets = sqliteTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/**
 * Rate-limit counters (sign-in, invitation, reset) in SQLite so several app processes share them.
 * `key` is e.g. `login-ip:203.0.113.5` or `login-email:a@b.example`.
 */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
  blockedUntil: integer('blocked_until'),
});
