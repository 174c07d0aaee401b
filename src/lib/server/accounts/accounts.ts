import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import { accountDomains, accounts, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import type { AccountInput } from '../../../schemas/accounts.ts';
import { generateId } from '../auth/tokens.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { recordAudit, type Actor } from './audit.ts';
import { fail, ok, type Result } from './result.ts';

export type AccountRow = typeof accounts.$inferSelect;

export interface AccountSummary extends AccountRow {
  domains: string[];
  csmEmail: string | null;
  csmName: string | null;
  userCount: number;
}

const STAFF = ['author', 'manager', 'admin'] as const;

function domainsOf(db: Db, accountId: string): string[] {
  return db.select({ d: accountDomains.domain }).from(accountDomains).where(eq(accountDomains.accountId, accountId)).orderBy(asc(accountDomains.domain)).all().map((r) => r.d);
}

/** Resolve and check the parts of an account input that need the database (CSM, domains, slug). */
function checkAccountRefs(db: Db, input: AccountInput, accountId: string | null): Result<{ csmUserId: string | null }> {
  const errors: Record<string, string> = {};
  const bySlug = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, input.slug)).get();
  if (bySlug && bySlug.id !== accountId) errors.slug = 'slug_taken';
  let csmUserId: string | null = null;
  if (input.csmEmail) {
    const csm = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, input.csmEmail)).get();
    if (!csm || !(STAFF as readonly string[]).includes(csm.role)) errors.csmEmail = 'csm_not_staff';
    else csmUserId = csm.id;
  }
  if (input.domains.length) {
    const taken = db.select().from(accountDomains).where(inArray(accountDomains.domain, input.domains)).all();
    if (taken.some((t) => t.accountId !== accountId)) errors.domains = 'domain_taken';
  }
  return Object.keys(errors).length ? fail(errors) : ok({ csmUserId });
}

/** The columns an admin edits; create and update write the same ones. */
function accountFields(input: AccountInput, csmUserId: string | null) {
  const { slug, name, segment, plan, contractStart, autoAssignByDomain } = input;
  return { slug, name, segment, plan, contractStart, csmUserId, autoAssignByDomain };
}

export function createAccount(db: Db, input: AccountInput, actor: Actor, now = Date.now()): Result<AccountRow> {
  const refs = checkAccountRefs(db, input, null);
  if (!refs.ok) return refs;
  const row: AccountRow = {
    id: generateId(),
    ...accountFields(input, refs.value.csmUserId),
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  db.transaction((tx) => {
    tx.insert(accounts).values(row).run();
    for (const domain of input.domains) tx.insert(accountDomains).values({ domain, accountId: row.id }).run();
    recordAudit(db, actor, 'account.create', { type: 'account', id: row.id }, { ...input }, now);
  });
  return ok(row);
}

export function updateAccount(db: Db, accountId: string, input: AccountInput, actor: Actor, now = Date.now()): Result<AccountRow> {
  const existing = db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!existing) return fail({ form: 'account_not_found' });
  const refs = checkAccountRefs(db, input, accountId);
  if (!refs.ok) return refs;
  const values = {
    ...accountFields(input, refs.value.csmUserId),
    updatedAt: now,
  };
  db.transaction((tx) => {
    tx.update(accounts).set(values).where(eq(accounts.id, accountId)).run();
    tx.delete(accountDomains).where(eq(accountDomains.accountId, accountId)).run();
    for (const domain of input.domains) tx.insert(accountDomains).values({ domain, accountId }).run();
    recordAudit(db, actor, 'account.update', { type: 'account', id: accountId }, { ...input }, now);
  });
  return ok({ ...existing, ...values });
}

/** Disabling an account ends its people's sessions at once; enabling lets them sign in again. */
export function setAccountDisabled(db: Db, accountId: string, disabled: boolean, actor: Actor, now = Date.now()): Result<null> {
  const existing = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).get();
  if (!existing) return fail({ form: 'account_not_found' });
  db.transaction((tx) => {
    tx.update(accounts).set({ disabledAt: disabled ? now : null, updatedAt: now }).where(eq(accounts.id, accountId)).run();
    if (disabled) {
      for (const u of tx.select({ id: users.id }).from(users).where(eq(users.accountId, accountId)).all()) {
        invalidateUserSessions(u.id, db);
      }
    }
    recordAudit(db, actor, disabled ? 'account.disable' : 'account.enable', { type: 'account', id: accountId }, {}, now);
  });
  return ok(null);
}

export function listAccounts(db: Db): AccountSummary[] {
  const rows = db.select().from(accounts).orderBy(asc(accounts.name)).all();
  const counts = new Map(
    db.select({ accountId: users.accountId, n: count() }).from(users).where(isNull(users.disabledAt)).groupBy(users.accountId).all().map((r) => [r.accountId, r.n]),
  );
  const domains = new Map<string, string[]>();
  for (const d of db.select().from(accountDomains).orderBy(asc(accountDomains.domain)).all()) {
    domains.set(d.accountId, [...(domains.get(d.accountId) ?? []), d.domain]);
  }
  const staff = new Map(db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.role, [...STAFF])).all().map((s) => [s.id, s]));
  return rows.map((a) => ({
    ...a,
    domains: domains.get(a.id) ?? [],
    csmEmail: a.csmUserId ? (staff.get(a.csmUserId)?.email ?? null) : null,
    csmName: a.csmUserId ? (staff.get(a.csmUserId)?.name ?? null) : null,
    userCount: counts.get(a.id) ?? 0,
  }));
}

export function getAccount(db: Db, accountId: string): AccountSummary | null {
  const a = db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!a) return null;
  const csm = a.csmUserId ? db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, a.csmUserId)).get() : undefined;
  const n = db.select({ n: count() }).from(users).where(and(eq(users.accountId, a.id), isNull(users.disabledAt))).get()?.n ?? 0;
  return { ...a, domains: domainsOf(db, a.id), csmEmail: csm?.email ?? null, csmName: csm?.name ?? null, userCount: n };
}

export function findAccountBySlug(db: Db, slug: string): AccountRow | null {
  return db.select().from(accounts).where(eq(accounts.slug, slug.toLowerCase())).get() ?? null;
}

/** The account that opted in to auto-assignment for this email's domain, if any (and not disabled). */
export function findAutoAssignAccount(db: Db, email: string): AccountRow | null {
  const domain = email.toLowerCase().split('@')[1] ?? '';
  const row = db
    .select({ account: accounts })
    .from(accountDomains)
    .innerJoin(accounts, eq(accounts.id, accountDomains.accountId))
    .where(and(eq(accountDomains.domain, domain), eq(accounts.autoAssignByDomain, true), isNull(accounts.disabledAt)))
    .get();
  return row?.account ?? null;
}

