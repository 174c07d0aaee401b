import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';

// Times are integer milliseconds since the epoch: cheap to compare in the hot session path.

/** Customer companies. Segment and plan decide which restricted content their people may open. */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    /** Short stable handle used by the CLI and CSV import, e.g. `acme`. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** high | low | tech (touch model). */
    segment: text('segment', { enum: ['high', 'low', 'tech'] }).notNull(),
    /** starter | business | enterprise. */
    plan: text('plan', { enum: ['starter', 'business', 'enterprise'] }).notNull(),
    /** Contract start, `YYYY-MM-DD`. */
    contractStart: text('contract_start').notNull(),
    /** Staff user who owns the relationship (CSM). */
    csmUserId: text('csm_user_id').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    /** Opt-in: new sign-ups whose email domain is listed join this account automatically. */
    autoAssignByDomain: boolean('auto_assign_by_domain').notNull().default(false),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('accounts_slug_unique').on(t.slug)],
);

/** Email domains of an account; one domain belongs to at most one account. */
export const accountDomains = pgTable('account_domains', {
  domain: text('domain').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
});

/** People: customer users (with an account) and vendor staff (without). */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased; unique case-insensitively. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull().default('ja'),
    role: text('role', { enum: ['customer', 'customer-admin', 'author', 'manager', 'admin'] }).notNull(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    /** argon2id PHC string; null until an invited person sets a password. */
    passwordHash: text('password_hash'),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
    lastSignInAt: bigint('last_sign_in_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`), index('users_account_idx').on(t.accountId)],
);

/** Every administrative change, who made it and when (append-only). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    /** Staff user, or null when the CLI made the change. */
    actorUserId: text('actor_user_id'),
    /** `web` or `cli`. */
    via: text('via').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    /** JSON with the changed fields (never passwords or tokens). */
    detail: text('detail').notNull().default('{}'),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);
