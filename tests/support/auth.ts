// Sign-in helpers for the auth tests: always through the real /login form, like a browser.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { ROOT } from './server.ts';
import { openTestDatabase } from './test-database.ts';

/** The auth and manage messages of one locale, to find the exact text a user reads. */
export function messages(locale: 'ja' | 'en'): Record<string, string> {
  const read = (area: string) => JSON.parse(readFileSync(join(ROOT, 'src/i18n', locale, `${area}.json`), 'utf8')) as Record<string, string>;
  return { ...read('auth'), ...read('manage') };
}

/** Astro escapes text in HTML; compare against the escaped form. */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const DEMO_PASSWORD = 'jisou-demo';
export const COOKIE = 'jisou_session';

/** Value of our session cookie in a response's Set-Cookie headers ('' when it is being cleared). */
export function sessionCookieFrom(res: Response): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${COOKIE}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

/** POST a form like a browser on our origin would (Astro's checkOrigin wants the Origin header). */
export function postForm(baseUrl: string, path: string, fields: Record<string, string>, cookie?: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {}), ...extra },
    body: new URLSearchParams(fields).toString(),
  });
}

export function get(baseUrl: string, path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {}), ...headers } });
}

/** Sign in through /login and return the session token from the cookie; throws when sign-in fails. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await postForm(baseUrl, '/login', { email, password });
  const token = sessionCookieFrom(res);
  if (res.status !== 303 || !token) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return token;
}

let hashed: Promise<string> | undefined;

/**
 * A fresh person with a password, written straight into the server's database (a fixture, like a row
 * an admin created), so tests can disable or change them without touching the shared demo logins.
 */
export async function createTestPerson(databasePath: string, opts: { role?: string; accountId?: string | null } = {}): Promise<{ id: string; email: string; password: string }> {
  const password = 'test-Passw0rd-9k';
  hashed ??= hashPassword(password);
  const hash = await hashed;
  const suffix = randomBytes(5).toString('hex');
  const id = `t-${suffix}`;
  const email = `person-${suffix}@acme.example`;
  const role = opts.role ?? 'customer';
  const accountId = opts.accountId === undefined ? (role === 'customer' || role === 'customer-admin' ? 'acct-acme' : null) : opts.accountId;
  const db = openTestDatabase(databasePath);
  try {
    db.prepare(`INSERT INTO users (id, email, name, locale, role, account_id, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'ja', ?, ?, ?, ?, ?)`)
      .run(id, email, `テスト ${suffix}`, role, accountId, hash, Date.now(), Date.now());
  } finally {
    db.close();
  }
  return { id, email, password };
}

/** Read-only look at the server's database, to prove what was (not) written. */
export function query<T = Record<string, unknown>>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = openTestDatabase(databasePath);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Row counts of the tables forms write to: equal before and after a refused form = nothing written. */
export function snapshotCounts(databasePath: string): Record<string, number> {
  const tables = ['accounts', 'account_domains', 'users', 'sessions', 'invitations', 'password_resets', 'audit_log'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = query<{ n: number }>(databasePath, `SELECT count(*) AS n FROM ${t}`)[0]!.n;
  out.usersUpdated = query<{ n: number }>(databasePath, 'SELECT max(updated_at) AS n FROM users')[0]!.n;
  out.accountsUpdated = query<{ n: number }>(databasePath, 'SELECT max(updated_at) AS n FROM accounts')[0]!.n;
  return out;
}
