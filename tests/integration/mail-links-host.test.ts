import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPerson } from '../support/auth.ts';
import { postFormAs, rawRequest } from '../support/raw-http.ts';
import { freePort, ROOT, startTestServer, type TestServer } from '../support/server.ts';
import { linkIn, startSmtpServer, type TestSmtp } from '../support/smtp.ts';

// Issue 12 item 2: links in mail never come from the request's Host. A client that forges Host (with a
// matching Origin, so the form's origin check passes) must still get links to the configured origin.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => smtp?.close());

const mailFor = async (to: string, from: number) => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const m = smtp.mails.slice(from).find((x) => x.to === to);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no mail for ${to}; got ${smtp.mails.map((x) => x.to).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('production: links from PUBLIC_ORIGIN, other hosts refused', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      NODE_ENV: 'production',
      JISOU_DEMO: 'true',
      JISOU_DEMO_FORCE: 'true',
      PUBLIC_ORIGIN: 'https://learn.example.test',
      // An alias the operator allowed (e.g. the old name): requests on it are served, links still use PUBLIC_ORIGIN.
      ALLOWED_HOSTS: 'learn.example.test,alias.example.test',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_MINUTE: '6000',
      MAIL_POLL_SECONDS: '0.2',
    });
  });
  afterAll(async () => server?.stop());

  it('mails the reset link on the configured origin when Host and Origin are forged', async () => {
    const from = smtp.mails.length;
    const res = await postFormAs(server.baseUrl, 'alias.example.test', '/reset-password', { email: 'manager@jisou.test' });
    expect(res.status).toBe(200);
    const link = linkIn(await mailFor('manager@jisou.test', from), '/reset-password/');
    expect(link.origin).toBe('https://learn.example.test');
    expect(link.pathname).toMatch(/^\/reset-password\/[a-z2-7]{32}$/);
  });

  it('mails the sign-up link on the configured origin when Host and Origin are forged', async () => {
    const from = smtp.mails.length;
    const res = await postFormAs(server.baseUrl, 'alias.example.test', '/signup', { email: 'forged.host@acme.example' });
    expect(res.status).toBe(200);
    const link = linkIn(await mailFor('forged.host@acme.example', from), '/invite/');
    expect(link.origin).toBe('https://learn.example.test');
  });

  it('refuses a Host outside the allow-list with 421 and a reason, before any form runs', async () => {
    const before = smtp.mails.length;
    const res = await postFormAs(server.baseUrl, 'evil.example', '/reset-password', { email: 'author@jisou.test' });
    expect(res.status).toBe(421);
    expect(res.body).toContain('does not answer for the Host "evil.example"');
    expect(res.body).toContain('ALLOWED_HOSTS');
    const page = await rawRequest(server.baseUrl, { path: '/login', headers: { host: 'evil.example' } });
    expect(page.status).toBe(421);
    // A malformed Host is refused as a bad request (400) before the allow-list is even consulted.
    expect((await rawRequest(server.baseUrl, { path: '/login', headers: { host: 'a@b' } })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 600));
    expect(smtp.mails.length).toBe(before);
  });

  it('answers /healthz on any Host (health checks probe by IP), with the mail outbox in it', async () => {
    const res = await rawRequest(server.baseUrl, { path: '/healthz', headers: { host: '127.0.0.1' } });
    expect(res.status).toBe(200);
    const health = JSON.parse(res.body) as { mail: { relay: boolean; pending: number } };
    expect(health.mail.relay).toBe(true);
    expect(typeof health.mail.pending).toBe('number');
  });
});

describe('development: links from PUBLIC_ORIGIN, else http://localhost:PORT', () => {
  it('uses http://localhost:PORT, not the forged Host, when PUBLIC_ORIGIN is unset', async () => {
    // No demo data (quicker to start): one person written straight into the database.
    const server = await startTestServer({ JISOU_DEMO: 'false', SMTP_URL: smtp.url, MAIL_RATE_PER_MINUTE: '6000', MAIL_POLL_SECONDS: '0.2' });
    try {
      const person = await createTestPerson(server.databasePath, { role: 'author' });
      const port = new URL(server.baseUrl).port;
      const from = smtp.mails.length;
      const res = await postFormAs(server.baseUrl, 'evil.example', '/reset-password', { email: person.email });
      expect(res.status).toBe(200); // development serves any Host (a newcomer's IP, a tunnel)
      expect(linkIn(await mailFor(person.email, from), '/reset-password/').origin).toBe(`http://localhost:${port}`);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('production without PUBLIC_ORIGIN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-origin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start, naming PUBLIC_ORIGIN with an example', async () => {
    const port = await freePort();
    const { PUBLIC_ORIGIN: _unset, ...env } = process.env;
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.ts')], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: 'production', JISOU_DEMO: 'false', PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'p.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(output).toMatch(/PUBLIC_ORIGIN: required when NODE_ENV=production/);
    expect(output).toContain('PUBLIC_ORIGIN=https://learn.example.com');
    expect(output).not.toContain('Jisou is running');
  }, 30_000);
});
