import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { CUSTOMER_ROLES, type UserInput, type UserUpdate } from '../../../schemas/accounts.ts';
import { generateId } from '../auth/tokens.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { findAccountBySlug, findAutoAssignAccount } from './accounts.ts';
import { recordAudit, type Actor } from './audit.ts';
import { fail, ok, type Result } from './result.ts';

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Omit<UserRow, 'passwordHash'> & { hasPassword: boolean; accountName: string | null; accountSlug: string | null };

const isCustomerRole = (role: string) => (CUSTOMER_ROLES as readonly string[]).includes(role);

export function findUserByEmail(db: Db, email: string): UserRow | null {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get() ?? null;
}

/**
 * Which account a person with this role belongs to: customers need one (named, or found by an
 * opted-in email domain); staff never have one.
 */
export function resolveAccountFor(db: Db, role: string, accountSlug: string | null, email: string): Result<string | null> {
  if (!isCustomerRole(role)) return accountSlug ? fail({ account: 'staff_no_account' }) : ok(null);
  if (accountSlug) {
    const account = findAccountBySlug(db, accountSlug);
    return account ? ok(account.id) : fail({ account: 'account_not_found' });
  }
  const auto = findAutoAssignAccount(db, email);
  return auto ? ok(auto.id) : fail({ account: 'account_required' });
}

export function createUser(db: Db, input: UserInput, actor: Actor, now = Date.now()): Result<UserRow> {
  if (findUserByEmail(db, input.email)) return fail({ email: 'email_taken' });
  const account = resolveAccountFor(db, input.role, input.account, input.email);
  if (!account.ok) return account;
  const row: UserRow = {
    id: generateId(),
    email: input.email,
    name: input.name,
    locale: input.locale,
    role: input.role,
    accountId: account.value,
    passwordHash: null,
    disabledAt: null,
    lastSignInAt: null,
    createdAt: now,
    updatedAt: now,
  };
  db.transaction(() => {
    db.insert(users).values(row).run();
    recordAudit(db, actor, 'user.create', { type: 'user', id: row.id }, { email: row.email, role: row.role, accountId: row.accountId }, now);
  });
  return ok(row);
}

export function updateUser(db: Db, userId: string, input: UserUpdate, actor: Actor, now = Date.now()): Result<UserRow> {
  const existing = db.select().from(users).where(eq(users.id, userId)).get();
  if (!existing) return fail({ form: 'user_not_found' });
  if (actor.userId === userId && input.role !== existing.role) return fail({ role: 'cannot_change_self' });
  const account = resolveAccountFor(db, input.role, input.account, existing.email);
  if (!account.ok) return account;
  const values = { name: input.name, role: input.role, locale: input.locale, accountId: account.value, updatedAt: now };
  db.transaction(() => {
    db.update(users).set(values).where(eq(users.id, userId)).run();
    // A new role or account changes what the person may see: make them sign in again.
    if (values.role !== existing.role || values.accountId !== existing.accountId) invalidateUserSessions(userId, db);
    recordAudit(db, actor, 'user.update', { type: 'user', id: userId }, { name: values.name, role: values.role, accountId: values.accountId, locale: values.locale }, now);
  });
  return ok({ ...existing, ...values });
}

/** Disabling ends the person's sessions at once. Staff cannot disable themselves (no lock-out). */
export function setUserDisabled(db: Db, userId: string, disabled: boolean, actor: Actor, now = Date.now()): Result<null> {
  const existing = db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get();
  if (!existing) return fail({ form: 'user_not_found' });
  if (actor.userId === userId && disabled) return fail({ form: 'cannot_change_self' });
  db.transaction(() => {
    db.update(users).set({ disabledAt: disabled ? now : null, updatedAt: now }).where(eq(users.id, userId)).run();
    if (disabled) invalidateUserSessions(userId, db);
    recordAudit(db, actor, disabled ? 'user.disable' : 'user.enable', { type: 'user', id: userId }, {}, now);
  });
  return ok(null);
}

function toPublic(row: UserRow & { accountName: string | null; accountSlug: string | null }): PublicUser {
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null };
}

const withAccount = {
  id: users.id, email: users.email, name: users.name, locale: users.locale, role: users.role, accountId: users.accountId,
  passwordHash: users.passwordHash, disabledAt: users.disabledAt, lastSignInAt: users.lastSignInAt, createdAt: users.createdAt,
  updatedAt: users.updatedAt, accountName: accounts.name, accountSlug: accounts.slug,
};

/** People of one account (customer-facing /team and the admin account page), newest sign-in first. */
export function listAccountUsers(db: Db, accountId: string, includeDisabled = true): PublicUser[] {
  const where = includeDisabled ? eq(users.accountId, accountId) : and(eq(users.accountId, accountId), isNull(users.disabledAt));
  // Never signed in last: SQLite's order for DESC, written out because PostgreSQL's default puts NULL first.
  return db.select(withAccount).from(users).leftJoin(accounts, eq(accounts.id, users.accountId)).where(where).orderBy(sql`${users.lastSignInAt} DESC NULLS LAST`, asc(users.email)).all().map(toPublic);
}

export function listStaffUsers(db: Db): PublicUser[] {
  return db.select(withAccount).from(users).leftJoin(accounts, eq(accounts.id, users.accountId)).where(isNull(users.accountId)).orderBy(asc(users.email)).all().map(toPublic);
}

export function getUser(db: Db, userId: string): PublicUser | null {
  const row = db.select(withAccount).from(users).leftJoin(accounts, eq(accounts.id, users.accountId)).where(eq(users.id, userId)).get();
  return row ? toPublic(row) : null;
}
