import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { messages, query, snapshotCounts } from '../support/auth.ts';

const ja = messages('ja');

// A second server in production mode (forced demo data), with small rate limits and a trusted proxy so
// each test can be its own client IP. Mail goes to the log because SMTP_URL is unset.
let server: TestServer;
let baseUrl = '';
const HOST_COOKIE = '__Host-jisou_session';

beforeAll(async () => {
  server = await startTestServer({
    NODE_ENV: 'production',
    // Production needs the public address (links in mail); the tests reach it as 127.0.0.1.
    PUBLIC_ORIGIN: 'https://learn.example.test',
    ALLOWED_HOSTS: '127.0.0.1',
    JISOU_DEMO: 'true',
    JISOU_DEMO_FORCE: 'true',
    LOGIN_MAX_FAILURES_PER_EMAIL: '3',
    LOGIN_MAX_FAILURES_PER_IP: '6',
    TRUST_PROXY: 'true',
  });
  baseUrl = server.baseUrl;
});
afterAll(async () => server?.stop());

let ipCounter = 10;
const nextIp = () => `198.51.100.${ipCounter++}`;

function post(path: string, fields: Record<string, string>, opts: { ip?: string; cookie?: string } = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: baseUrl,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': opts.ip ?? nextIp(),
      ...(opts.cookie ? { cookie: `${HOST_COOKIE}=${opts.cookie}` } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}
const hostCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${HOST_COOKIE}=`));
const tokenOf = (res: Response) => /^[^=]+=([^;]*)/.exec(hostCookie(res) ?? '')?.[1];

/**
 * Links the server logged for the admin since `from` (mail without SMTP), once `expected` of them are
 * there: the outbox sender prints them a moment after the answer, never inside it.
 */
async function waitForLoggedLinks(from: number, kind: 'reset-password' | 'invite', expected: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  while (loggedLinks(from, kind).length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // A little longer, so a mail that should not exist would have shown up too.
  await new Promise((r) => setTimeout(r, 300));
  return loggedLinks(from, kind);
}

function loggedLinks(from: number, kind: 'reset-password' | 'invite'): string[] {
  return [...server.output().slice(from).matchAll(new RegExp(`https?://[^\\s]+/${kind}/([a-z2-7]{32})`, 'g'))].map((m) => new URL(m[0]).pathname);
}

describe('production cookies and headers', () => {
  it('uses a __Host- cookie with Secure, HttpOnly, SameSite=Lax, Path=/ and sends HSTS', async () => {
    const res = await post('/login', { email: 'user@acme.example', password: 'jisou-demo' });
    expect(res.status).toBe(303);
    const cookie = hostCookie(res)!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const stat = await fetch(`${baseUrl}/favicon.svg`);
    expect(stat.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('password reset by one-time link', () => {
  it('mails (logs) a link for a known email, nothing for an unknown one, with the same answer', async () => {
    const from = server.output().length;
    const known = await post('/reset-password', { email: 'manager@jisou.test' });
    const unknown = await post('/reset-password', { email: 'nobody@jisou.test' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const text = (s: string) => /role="status"[^>]*>([^<]*)</.exec(s)?.[1];
    expect(text(await known.text())).toBe(text(await unknown.text()));
    const links = await waitForLoggedLinks(from, 'reset-password', 1);
    expect(links).toHaveLength(1);
  });

  it('sets a new password once, refuses bad ones without writing, ends old sessions, and cannot be reused', async () => {
    const oldSession = tokenOf(await post('/login', { email: 'author@jisou.test', password: 'jisou-demo' }))!;
    const from = server.output().length;
    await post('/reset-password', { email: 'author@jisou.test' });
    const [link] = await waitForLoggedLinks(from, 'reset-password', 1);
    expect(link).toBeDefined();
    expect((await fetch(`${baseUrl}${link}`)).status).toBe(200);

    const hashBefore = query<{ h: string }>(server.databasePath, "SELECT password_hash AS h FROM users WHERE email = 'author@jisou.test'")[0]!.h;
    for (const [fields, message] of [
      [{ password: 'short', confirm: 'short' }, ja['auth.error.password_too_short']],
      [{ password: 'password2026', confirm: 'password2026' }, ja['auth.error.password_too_common']],
      [{ password: 'a-fine-passphrase-1', confirm: 'a-fine-passphrase-2' }, ja['auth.error.password_mismatch']],
    ] as const) {
      const res = await post(link!, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(query<{ h: string }>(server.databasePath, "SELECT password_hash AS h FROM users WHERE email = 'author@jisou.test'")[0]!.h).toBe(hashBefore);

    const ok = await post(link!, { password: 'river-lantern-42', confirm: 'river-lantern-42' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/login\?done=password_reset/);
    expect((await fetch(`${baseUrl}/profile`, { redirect: 'manual', headers: { cookie: `${HOST_COOKIE}=${oldSession}` } })).status).toBe(303);
    expect((await post('/login', { email: 'author@jisou.test', password: 'river-lantern-42' })).status).toBe(303);
    const reused = await post(link!, { password: 'another-lantern-43', confirm: 'another-lantern-43' });
    expect(reused.status).toBe(404);
    expect((await fetch(`${baseUrl}${link}`)).status).toBe(404);
  });
});

describe('sign-up with auto-assignment by email domain', () => {
  it('sends a sign-up link only for an opted-in domain, and the new person joins that account', async () => {
    const from = server.output().length;
    const before = snapshotCounts(server.databasePath);
    const acme = await post('/signup', { email: 'new.person@acme.example' });
    const globex = await post('/signup', { email: 'new.person@globex.example' });
    expect(acme.status).toBe(200);
    expect(globex.status).toBe(200);
    const links = await waitForLoggedLinks(from, 'invite', 1);
    expect(links).toHaveLength(1); // Globex did not opt in: no mail, same answer
    expect(snapshotCounts(server.databasePath).invitations).toBe(before.invitations! + 1);
    const accepted = await post(links[0]!, { name: '新井 光', password: 'harbor-sunrise-77', confirm: 'harbor-sunrise-77' });
    expect(accepted.status).toBe(303);
    const [row] = query<{ role: string; account_id: string }>(server.databasePath, "SELECT role, account_id FROM users WHERE email = 'new.person@acme.example'");
    expect(row).toEqual({ role: 'customer', account_id: 'acct-acme' });
    expect((await post('/login', { email: 'new.person@acme.example', password: 'harbor-sunrise-77' })).status).toBe(303);
  });
});

describe('sign-in rate limits (state in SQLite)', () => {
  it('blocks an email after repeated failures with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await post('/login', { email: 'user@globex.example', password: `wrong-${i}` })).status).toBe(401);
    const blocked = await post('/login', { email: 'user@globex.example', password: 'jisou-demo' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(tokenOf(blocked)).toBeUndefined();
    expect(query(server.databasePath, "SELECT key FROM rate_limits WHERE key = 'login-email:user@globex.example' AND blocked_until > ?", Date.now())).toHaveLength(1);
  });

  it('blocks a client IP that tries many emails', async () => {
    const ip = nextIp();
    for (let i = 0; i < 6; i++) expect((await post('/login', { email: `guess-${i}@acme.example`, password: 'x-password-1' }, { ip })).status).toBe(401);
    const blocked = await post('/login', { email: 'admin@acme.example', password: 'jisou-demo' }, { ip });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another client is not affected.
    expect((await post('/login', { email: 'admin@acme.example', password: 'jisou-demo' })).status).toBe(303);
  });

  it('blocks a client IP that guesses invitation or reset links', async () => {
    const ip = nextIp();
    const guess = (kind: string, i: number) => fetch(`${baseUrl}/${kind}/${'a'.repeat(31)}${'bcdefg'[i % 6]}`, { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 6; i++) expect((await guess(i % 2 ? 'invite' : 'reset-password', i)).status).toBe(404);
    const blocked = await guess('invite', 0);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await guess('reset-password', 1)).status).toBe(429);
  });
});
