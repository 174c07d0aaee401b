import { randomBytes } from 'node:crypto';
import { createSession, generateSessionToken, getSessionCookieName } from '../../src/lib/server/auth/session.ts';
import { loadContentIndex, type TrackedItem } from '../../src/lib/server/tracking/content-index.ts';
import { ROOT } from './server.ts';
import { openTestDatabase, openTestDb } from './test-database.ts';

/** A browser-like user agent: the ingest ignores crawlers and HTTP libraries. */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

export interface TestPerson {
  userId: string;
  accountId: string;
  cookie: string;
}

/** Content keys the tests can use, picked from the real content so they follow whatever is published. */
export function pickKeys() {
  const index = loadContentIndex(ROOT);
  const entries = [...index.entries()];
  const find = (pred: (i: TrackedItem) => boolean, what: string) => {
    const hit = entries.find(([, i]) => pred(i));
    if (!hit) throw new Error(`the tracking tests need ${what} under content/`);
    return hit[0];
  };
  return {
    index,
    manual: find((i) => i.type === 'manual', 'a published manual'),
    customersOnly: find((i) => i.audience === 'customers', 'an item with audience "customers"'),
    publicKey: find((i) => i.audience === 'public', 'an item with audience "public"'),
    webinar: find((i) => i.type === 'webinar', 'a published webinar'),
    announcement: entries.find(([, i]) => i.type === 'announcement' && i.refs.length > 0)?.[0],
  };
}

/** Create an account (optional), a person and a signed-in session directly in the server's database. */
export function createPerson(databasePath: string, opts: { role?: string; account?: boolean; segment?: string; plan?: string } = {}): TestPerson {
  const db = openTestDb(databasePath);
  try {
    const now = Date.now();
    const suffix = randomBytes(5).toString('hex');
    let accountId = '';
    if (opts.account !== false) {
      accountId = `acct-${suffix}`;
      db.$client
        .prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(accountId, `t-${suffix}`, `Test ${suffix}`, opts.segment ?? 'high', opts.plan ?? 'business', '2026-01-01', now, now);
    }
    const userId = `user-${suffix}`;
    db.$client
      .prepare(`INSERT INTO users (id, email, name, locale, role, account_id, created_at, updated_at) VALUES (?, ?, ?, 'ja', ?, ?, ?, ?)`)
      .run(userId, `${suffix}@test.example`, `Tester ${suffix}`, opts.role ?? 'customer', accountId || null, now, now);
    const token = generateSessionToken();
    createSession(userId, token, db);
    return { userId, accountId, cookie: `${getSessionCookieName()}=${token}` };
  } finally {
    db.$client.close();
  }
}

export function newViewId(): string {
  return randomBytes(12).toString('base64url');
}

/** POST one tracking payload the way the browser does (same origin, browser UA). */
export async function track(baseUrl: string, body: unknown, opts: { cookie?: string; origin?: string | null; ua?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': opts.ua ?? BROWSER_UA };
  if (opts.origin !== null) headers.origin = opts.origin ?? baseUrl;
  if (opts.cookie) headers.cookie = opts.cookie;
  return fetch(`${baseUrl}/api/track`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) });
}

/** Read-only look into the server's database. */
export function query<T>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = openTestDatabase(databasePath);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Wait until the ingest has written its buffer (it writes at least every second). */
export const afterFlush = () => new Promise((r) => setTimeout(r, 1300));
