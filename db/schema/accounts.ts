import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

// Times are integer milliseconds since the epoch: cheap to compare in the hot session path.

/** Customer companies. Segment and plan decide which restricted content their people may open. */
export const accounts = sqliteTable(
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
    csmUserId: text('csm_user_id').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
    /** Opt-in: new sign-ups whose email domain is listed join this account automatically. */
    autoAssignByDomain: integer('auto_assign_by_domain', { mode: 'boolean' }).notNull().default(false),
    disabledAt: integer('disabled_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('accounts_slug_unique').on(t.slug)],
);

/** Email domains of an account; one domain belongs to at most one account. */
export const accountDomains = sqliteTable('account_domains', {
  domain: text('domain').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
});

/** People: customer users (with an account) and vendor staff (without). */
export const users = sqliteTable(
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
    disabledAt: integer('disabled_at'),
    lastSignInAt: integer('last_sign_in_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`), index('users_account_idx').on(t.accountId)],
);

/** Every administrative change, who made it and when (append-only). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
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
