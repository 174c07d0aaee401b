import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { isPostgresUrl } from '../../db/postgres-url.ts';
import { createApiToken } from '../../src/lib/server/kpi/api-tokens.ts';
import { createTestPerson, get, postForm, query, sessionCookieFrom } from '../support/auth.ts';
import { startNginx, type TestNginx } from '../support/nginx.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { BROWSER_UA, createPerson, pickKeys } from '../support/tracking.ts';

// Issue 19 items 3 and 5: two app instances (each `scripts/start.ts`, a supervisor with its worker) on one
// SQLite file behind nginx with the project's proxy settings (ops/nginx/jisou-proxy.conf). nginx balances
// round robin, with no stickiness: whatever one instance does, the other must see exactly.

let smtp: TestSmtp;
let a: TestServer;
let b: TestServer;
let nginx: TestNginx;
let db: Db;
const keys = pickKeys();

beforeAll(async () => {
  smtp = await startSmtpServer();
  const env = {
    JISOU_DEMO: 'false',
    TRUST_PROXY: 'true',
    SMTP_URL: smtp.url,
    MAIL_POLL_SECONDS: '0.2',
    MAIL_RATE_PER_MINUTE: '6000',
    JISOU_TRACK_FLUSH_MS: '100',
    LOGIN_MAX_FAILURES_PER_EMAIL: '3',
  };
  a = await startTestServer(env);
  // The second instance on the first one's database (migrated by then): its file, or on the PostgreSQL run its URL.
  b = await startTestServer({ ...env, ...(isPostgresUrl(a.databasePath) ? { DATABASE_URL: a.databasePath } : { DATABASE_PATH: a.databasePath }) });
  nginx = await startNginx([a.baseUrl, b.baseUrl].map((u) => new URL(u).host));
  db = openDatabase(a.databasePath);
}, 180_000);

afterAll(async () => {
  db?.$client.close();
  await nginx?.stop();
  await b?.stop();
  await a?.stop();
  await smtp?.close();
});

const health = async (s: TestServer) => (await (await fetch(`${s.baseUrl}/healthz`)).json()) as { status: string; tracking: { written: number } };

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function track(baseUrl: string, cookie: string, body: object): Promise<Response> {
  return fetch(`${baseUrl}/api/track`, {
    method: 'POST',
    headers: { origin: baseUrl, cookie, 'user-agent': BROWSER_UA, 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, ...body }),
  });
}

describe('two instances behind nginx on one database', () => {
  it('both instances answer behind nginx and report healthy', async () => {
    const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await fetch(`${nginx.baseUrl}/healthz`)).status));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect((await health(a)).status).toBe('ok');
    expect((await health(b)).status).toBe('ok');
  });

  it('credits one person\u2019s viewing time once when nginx spreads their beats over both instances, and both dashboards show it', async () => {
    const person = createPerson(a.databasePath);
    const { token } = createApiToken(db.$client, 'two instances');
    const kpi = async (s: TestServer) =>
      ((await (await fetch(`${s.baseUrl}/api/kpi?period=30`, { headers: { authorization: `Bearer ${token}` } })).json()) as { viewingTime: { current: { viewingMs: number } } }).viewingTime.current.viewingMs;
    // Both instances hold the dashboard figure in their caches before the beats.
    const before = [await kpi(a), await kpi(b)];
    expect(before[1]).toBe(before[0]);
    const written = [(await health(a)).tracking.written, (await health(b)).tracking.written];

    const tabs = [
      { view: `twotab${Date.now().toString(36)}a`, key: keys.customersOnly },
      { view: `twotab${Date.now().toString(36)}b`, key: keys.publicKey },
    ];
    for (const t of tabs) expect((await track(nginx.baseUrl, person.cookie, { view: t.view, key: t.key, events: [{ t: 'view' }] })).status).toBe(204);
    await until('both page views written', () => query<{ n: number }>(a.databasePath, 'SELECT count(*) AS n FROM tracking_views WHERE user_id = ?', person.userId)[0]!.n === 2);
    // Two tabs open at once, each claiming 15 s per beat (far more than passes): round robin sends every
    // other request to the other instance, and the order of tabs makes each tab's beats alternate too.
    const beats = 12;
    for (let n = 0; n < beats; n++) {
      const tab = tabs[(n + Math.floor(n / 2)) % 2]!;
      expect((await track(nginx.baseUrl, person.cookie, { view: tab.view, key: tab.key, events: [{ t: 'beat', ms: 15_000, depth: 30 }] })).status).toBe(204);
      await new Promise((r) => setTimeout(r, 150));
    }
    await until('every beat written', () => query<{ n: number }>(a.databasePath, `SELECT count(*) AS n FROM tracking_events WHERE user_id = ? AND kind = 'beat'`, person.userId)[0]!.n === beats);
    const [span] = query<{ first: number; last: number }>(
      a.databasePath,
      `SELECT min(CASE WHEN kind = 'view' THEN at END) AS first, max(CASE WHEN kind = 'beat' THEN at END) AS last FROM tracking_events WHERE user_id = ?`,
      person.userId,
    );
    // What one instance credits: the person's wall clock from opening the first tab to the last beat, once.
    const wallClock = span!.last - span!.first;
    const [credited] = query<{ events: number; daily: number }>(
      a.databasePath,
      `SELECT (SELECT sum(credit_ms) FROM tracking_events WHERE user_id = $u) AS events, (SELECT sum(active_ms) FROM tracking_daily WHERE user_id = $u) AS daily`,
      { u: person.userId },
    );
    expect(credited).toEqual({ events: wallClock, daily: wallClock });
    // Both instances took part: each wrote some of the beats.
    expect((await health(a)).tracking.written).toBeGreaterThan(written[0]!);
    expect((await health(b)).tracking.written).toBeGreaterThan(written[1]!);
    // Each dashboard cache sees the other instance's writes (within the documented 2-s refresh).
    await until('both dashboards show the credited time', async () => (await kpi(a)) === before[0]! + wallClock && (await kpi(b)) === before[0]! + wallClock);
  });

  it('shows an account changed through one instance at once on the other\u2019s dashboard', async () => {
    const admin = await createTestPerson(a.databasePath, { role: 'admin' });
    const cookie = await signInVia(nginx.baseUrl, admin.email, admin.password);
    const { token } = createApiToken(db.$client, 'two instances accounts');
    const person = createPerson(a.databasePath);
    const names = async (s: TestServer) =>
      ((await (await fetch(`${s.baseUrl}/api/kpi/accounts`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rows: { accountId: string; name: string; segment: string }[] }).rows.find(
        (r) => r.accountId === person.accountId,
      );
    // Evaluated (and cached) on both before the change.
    const old = await names(a);
    expect(await names(b)).toEqual(old);
    const [row] = query<{ slug: string; plan: string; contract_start: string }>(a.databasePath, 'SELECT slug, plan, contract_start FROM accounts WHERE id = ?', person.accountId);
    const renamed = `Renamed ${person.accountId}`;
    const res = await postForm(nginx.baseUrl, `/manage/accounts/${person.accountId}`, { intent: 'account', slug: row!.slug, name: renamed, segment: 'tech', plan: row!.plan, contractStart: row!.contract_start, csmEmail: '', domains: '' }, cookie);
    expect(res.status).toBe(303);
    // No wait: the account-state epoch in the database tells both caches at once.
    expect(await names(a)).toMatchObject({ name: renamed, segment: 'tech' });
    expect(await names(b)).toMatchObject({ name: renamed, segment: 'tech' });
  });

  it('a session opened through one instance works on both, and signing out ends it on both (tracking included)', async () => {
    // Staff: no account needed (the servers run without demo data); the item is theirs to see while signed in.
    const person = await createTestPerson(a.databasePath, { role: 'author' });
    const token = await signInVia(nginx.baseUrl, person.email, person.password);
    const cookie = `jisou_session=${token}`;
    const view = `twosess${Date.now().toString(36)}`;
    for (const s of [a, b]) {
      expect((await get(s.baseUrl, '/profile', token)).status).toBe(200);
      // Each instance's tracking ingest now holds the session in its viewer cache.
      expect((await track(s.baseUrl, cookie, { view, key: keys.customersOnly, events: [{ t: 'view' }] })).status).toBe(204);
    }
    const out = await postForm(nginx.baseUrl, '/logout', {}, token);
    expect(out.status).toBe(303);
    for (const s of [a, b]) {
      const page = await get(s.baseUrl, '/profile', token);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/login/);
      // The ingest's viewer cache (30 s) learns of the sign-out through the session epoch in the database
      // (looked at every 250 ms), whichever instance handled it.
      const signedOutAt = Date.now();
      const refused = await until('the beat refused', async () => {
        const r = await track(s.baseUrl, cookie, { view, key: keys.customersOnly, events: [{ t: 'beat', ms: 5000 }] });
        return r.status === 403 ? r : null;
      }, 5_000);
      expect(Date.now() - signedOutAt).toBeLessThan(5_000);
      expect(await refused.text()).toContain('no access');
    }
  });

  it('counts failed sign-ins of both instances against one limit', async () => {
    const person = await createTestPerson(a.databasePath, { role: 'author' });
    // LOGIN_MAX_FAILURES_PER_EMAIL=3, spread by nginx over both instances.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postForm(nginx.baseUrl, '/login', { email: person.email, password: `wrong-${i}` })).status);
    expect(statuses).not.toContain(429);
    expect(statuses).not.toContain(303);
    // Now blocked on each instance, even with the right password.
    for (const s of [a, b]) expect((await postForm(s.baseUrl, '/login', { email: person.email, password: person.password }, undefined, { origin: s.baseUrl })).status).toBe(429);
  });

  it('delivers each queued mail exactly once with both instances\u2019 senders running', async () => {
    const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createTestPerson(a.databasePath, { role: 'author' })));
    const first = smtp.mails.length;
    for (const p of people) {
      const res = await fetch(`${nginx.baseUrl}/reset-password`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: nginx.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: p.email }).toString(),
      });
      expect(res.status).toBe(200);
    }
    await smtp.waitForMails(first + people.length);
    // Both senders poll every 0.2 s: a second copy would have arrived by now.
    await new Promise((r) => setTimeout(r, 1500));
    const to = smtp.mails.slice(first).map((m) => m.to).sort();
    expect(to).toEqual(people.map((p) => p.email.toLowerCase()).sort());
    const rows = query<{ state: string; attempts: number }>(a.databasePath, `SELECT state, attempts FROM mail_outbox WHERE recipient IN (${people.map(() => '?').join(', ')})`, ...people.map((p) => p.email));
    expect(rows).toEqual(people.map(() => ({ state: 'sent', attempts: 1 })));
  });
});

async function signInVia(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await postForm(baseUrl, '/login', { email, password });
  const token = sessionCookieFrom(res);
  if (res.status !== 303 || !token) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return token;
}
