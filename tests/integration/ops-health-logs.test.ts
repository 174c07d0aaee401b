import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createPerson, newViewId, pickKeys, track } from '../support/tracking.ts';
import { isPostgresUrl, openTestDatabase } from '../support/test-database.ts';

// One server for the health, log and proxy checks (and ops-faults-clients uses its own with short timeouts).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ JISOU_DEMO: 'false', TRUST_PROXY: 'true' });
});
afterAll(() => server?.stop());

const logLines = () =>
  server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function waitForLog(pred: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 40; i++) {
    const hit = logLines().find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no such log line in:\n${server.output().slice(-3000)}`);
}

describe('/healthz', () => {
  it('answers 200 with the database, migrations, tracking counters, memory, uptime and version, and no secrets', async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      problems: [],
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
      database: { reachable: true },
      migrations: { current: true },
      tracking: { running: true, buffered: 0, dropped: 0, bufferMax: 200000 },
      eventLoop: { delayP99Ms: expect.any(Number), delayMaxMs: expect.any(Number) },
    });
    // Memory in MB, for watching growth over days: a live server holds tens of MB at least.
    expect(body.memory.rssMb).toBeGreaterThan(20);
    expect(body.memory.heapUsedMb).toBeGreaterThan(1);
    expect(body.memory.heapUsedMb).toBeLessThanOrEqual(body.memory.heapTotalMb);
    expect(body.migrations.applied).toBe(body.migrations.available);
    expect(body.migrations.available).toBeGreaterThan(0);
    const text = JSON.stringify(body);
    expect(text).not.toContain(server.databasePath);
    expect(text).not.toMatch(/password|secret|smtp/i);
  });

  it('counts accepted beats as written', async () => {
    const keys = pickKeys();
    const person = createPerson(server.databasePath);
    const before = (await (await fetch(`${server.baseUrl}/healthz`)).json()).tracking.written as number;
    expect((await track(server.baseUrl, { v: 1, view: newViewId(), key: keys.manual, events: [{ t: 'view' }] }, { cookie: person.cookie })).status).toBe(204);
    for (let i = 0; i < 30; i++) {
      const t = (await (await fetch(`${server.baseUrl}/healthz`)).json()).tracking;
      if (t.written > before && t.buffered === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the beat was never reported as written');
  });

  it('reports degraded (still 200) when the database is behind the shipped migrations', async () => {
    const db = openTestDatabase(server.databasePath);
    // drizzle keeps its journal in its own schema on PostgreSQL.
    const journal = isPostgresUrl(server.databasePath) ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
    const last = db.prepare(`SELECT hash, created_at FROM ${journal} ORDER BY created_at DESC LIMIT 1`).get() as { hash: string; created_at: number };
    db.prepare(`DELETE FROM ${journal} WHERE created_at = ?`).run(last.created_at);
    try {
      const res = await fetch(`${server.baseUrl}/healthz`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.status).toBe('degraded');
      expect(body.migrations.current).toBe(false);
      expect(body.problems.join(' ')).toMatch(/migrations/);
    } finally {
      db.prepare(`INSERT INTO ${journal} (hash, created_at) VALUES (?, ?)`).run(last.hash, last.created_at);
      db.close();
    }
    expect((await (await fetch(`${server.baseUrl}/healthz`)).json()).status).toBe('ok');
  });
});

describe('request ids and JSON logs', () => {
  it('keeps a sane incoming X-Request-Id, echoes it, and logs one line with method, path, status and duration', async () => {
    const res = await fetch(`${server.baseUrl}/manuals?q=secret-search-term`, { headers: { 'x-request-id': 'proxy-req-0001' } });
    await res.arrayBuffer();
    expect(res.headers.get('x-request-id')).toBe('proxy-req-0001');
    const line = await waitForLog((l) => l.id === 'proxy-req-0001');
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/manuals', status: res.status, ms: expect.any(Number) });
    expect(typeof line.time).toBe('string');
    expect(server.output()).not.toContain('secret-search-term');
  });

  it('replaces an unusable X-Request-Id with a fresh one', async () => {
    const res = await fetch(`${server.baseUrl}/`, { headers: { 'x-request-id': 'x"}, "level":"fake' } });
    await res.arrayBuffer();
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitForLog((l) => l.id === id && l.path === '/');
  });

  it('never logs invitation or reset tokens from the path', async () => {
    const token = 'tok3nSh0uldNeverBeLogged';
    for (const p of [`/invite/${token}`, `/reset-password/${token}?next=/x`]) {
      const res = await fetch(`${server.baseUrl}${p}`, { redirect: 'manual' });
      await res.arrayBuffer();
      await waitForLog((l) => l.id === res.headers.get('x-request-id'));
    }
    expect(server.output()).not.toContain(token);
    expect(logLines().some((l) => l.path === '/invite/:token')).toBe(true);
    expect(logLines().some((l) => l.path === '/reset-password/:token')).toBe(true);
  });
});

describe('security headers and the reverse proxy', () => {
  it('static files from dist/client carry the security headers too', async () => {
    const res = await fetch(`${server.baseUrl}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('with TRUST_PROXY, a form POST from the https page behind the TLS proxy passes the origin check; a forged one does not', async () => {
    // fetch can't set Host, so the "public" host here is the test server's own host:port.
    const host = new URL(server.baseUrl).host;
    const form = { method: 'POST', redirect: 'manual' as const, body: new URLSearchParams({ locale: 'en', next: '/' }) };
    const viaProxy = await fetch(`${server.baseUrl}/locale`, {
      ...form,
      headers: { origin: `https://${host}`, 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(viaProxy.status).toBe(303);
    const crossSite = await fetch(`${server.baseUrl}/locale`, {
      ...form,
      headers: { origin: 'https://evil.example', 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(crossSite.status).toBe(403);
  });
});

describe('errors', () => {
  it('a failing page answers 500 without a stack trace and is logged with the request id and the stack', async () => {
    const person = createPerson(server.databasePath);
    // Break session lookups on this test's own database: every signed-in request now throws.
    const db = openTestDatabase(server.databasePath);
    db.exec('ALTER TABLE sessions RENAME TO sessions_away');
    try {
      const res = await fetch(`${server.baseUrl}/manuals`, { headers: { cookie: person.cookie, 'x-request-id': 'failing-page-0001' } });
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(body).not.toMatch(/sessions|SqliteError|\bat .*\.(ts|js|mjs):\d+/);
      const line = await waitForLog((l) => l.msg === 'page failed' && l.id === 'failing-page-0001');
      expect(line).toMatchObject({ level: 'error', method: 'GET', path: '/manuals', error: expect.stringMatching(/sessions/), stack: expect.any(String) });
    } finally {
      db.exec('ALTER TABLE sessions_away RENAME TO sessions');
      db.close();
    }
    expect((await fetch(`${server.baseUrl}/manuals`, { headers: { cookie: person.cookie } })).status).toBe(200);
  });
});
