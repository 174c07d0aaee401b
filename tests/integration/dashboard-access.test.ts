import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';
import { createApiToken } from '../../src/lib/server/kpi/api-tokens.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const db = openDatabase(databasePath);
afterAll(() => db.$client.close());

/** Sign a demo person in by creating a session for them in the server's database. */
function cookieFor(email: string): string {
  const user = db.$client.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string } | undefined;
  if (!user) throw new Error(`demo person ${email} missing: is demo mode on in the test server?`);
  const token = generateSessionToken();
  createSession(user.id, token, db);
  return `jisou_session=${token}`;
}
const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
const cells = (html: string, tableId: string, col: number) => {
  const section = html.slice(html.indexOf(`id="${tableId}"`));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)][col]?.[1]?.replace(/<[^>]+>/g, '').trim());
};

describe('manager dashboards over HTTP (demo data)', () => {
  const manager = cookieFor('manager@jisou.test');

  it('every dashboard page answers with charts that carry a title and a table fallback', async () => {
    for (const path of ['/manage/overview', '/manage/kpi/viewing?bucket=week', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/kpi/accounts/acct-acme', '/manage/alerts', '/manage/overview?period=custom&from=2026-09-01&to=2026-09-30']) {
      const res = await get(path, manager);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      if (path !== '/manage/kpi/accounts' && path !== '/manage/alerts') expect(html, path).toMatch(/<svg[^>]*role="img"[\s\S]*?<title id="[^"]+">[^<]+<\/title>[\s\S]*?<desc/);
    }
    const overview = await (await get('/manage/overview?period=90', manager)).text();
    expect(overview).toContain('視聴時間');
    expect(overview).toContain('コンテンツ作成量');
    expect(overview).toContain('コンテンツ認知率');
  });

  it('tables sort by GET parameters without JavaScript', async () => {
    const html = await (await get('/manage/kpi/accounts?table=accounts&sort=health&dir=desc', manager)).text();
    const health = cells(html, 'accounts', 1).map(Number);
    expect(health.length).toBeGreaterThan(10);
    expect(health).toEqual([...health].sort((a, b) => b - a));
    const asc = cells(await (await get('/manage/kpi/accounts?table=accounts&sort=health&dir=asc', manager)).text(), 'accounts', 1).map(Number);
    expect(asc).toEqual([...health].reverse());
  });

  it('CSV downloads are UTF-8 with BOM, one row per account, and bad requests get a reason', async () => {
    const res = await get('/manage/kpi/export/accounts.csv?period=30', manager);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="jisou-accounts-/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const accounts = (db.$client.prepare('SELECT count(*) AS n FROM accounts WHERE disabled_at IS NULL').get() as { n: number }).n;
    expect(text.trim().split('\r\n')).toHaveLength(accounts + 1);
    expect((await get('/manage/kpi/export/nope.csv', manager)).status).toBe(404);
    expect((await get('/manage/kpi/export/account-users.csv', manager)).status).toBe(400);
    const bad = await get('/manage/overview?period=custom&from=2026-13-01&to=2026-12-01', manager);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/from/);
  });

  it('an account page shows the health formula with every component', async () => {
    const html = await (await get('/manage/kpi/accounts/acct-acme', manager)).text();
    for (const c of ['直近性', 'ピラミッド位置', 'トレンド', 'ヘルススコア = round']) expect(html).toContain(c);
    expect((await get('/manage/kpi/accounts/acct-nope', manager)).status).toBe(404);
  });
});

describe('access', () => {
  it('signed-out people are sent to sign in; customers and customer-admins cannot open /manage', async () => {
    expect((await get('/manage/overview')).status).toBe(303);
    const customer = cookieFor('user@acme.example');
    for (const path of ['/manage/overview', '/manage/kpi/accounts/acct-acme', '/manage/kpi/export/accounts.csv', '/team/progress']) expect((await get(path, customer)).status, path).toBe(403);
    const admin = cookieFor('admin@acme.example');
    expect((await get('/manage/overview', admin)).status).toBe(403);
  });

  it('a customer-admin sees only their own account, whatever ids the URL carries', async () => {
    const admin = cookieFor('admin@acme.example');
    const html = await (await get('/team/progress?account=acct-globex&id=acct-globex', admin)).text();
    expect(html).toContain('Acme');
    expect(html).not.toContain('Globex');
    expect(html).not.toContain('globex.example');
    const csv = await (await get('/team/progress/account-users.csv?account=acct-globex', admin)).text();
    expect(csv).toContain('@acme.example');
    expect(csv).not.toContain('@globex.example');
    expect((await get('/team/progress/accounts.csv', admin)).status).toBe(404);
  });
});

describe('KPI JSON API', () => {
  it('needs a bearer token and answers the same figures as the dashboards', async () => {
    expect((await get('/api/kpi')).status).toBe(401);
    expect((await get('/api/kpi', undefined, { authorization: 'Bearer jk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).status).toBe(401);
    const { token } = createApiToken(db.$client, 'integration test');
    const auth = { authorization: `Bearer ${token}` };
    const summary = (await (await get('/api/kpi?period=90', undefined, auth)).json()) as { period: { timeZone: string }; viewingTime: { current: { viewingMs: number } } };
    expect(summary.period.timeZone).toBe('Asia/Tokyo');
    expect(summary.viewingTime.current.viewingMs).toBeGreaterThan(0);
    const table = (await (await get('/api/kpi/accounts', undefined, auth)).json()) as { rows: { accountId: string; stage: string; health: number }[] };
    expect(table.rows.find((r) => r.accountId === 'acct-acme')).toMatchObject({ stage: expect.stringMatching(/^[A-E]$/), health: expect.any(Number) });
    expect((await get('/api/kpi/nope', undefined, auth)).status).toBe(404);
    expect((await get('/api/kpi/accounts?period=5', undefined, auth)).status).toBe(400);
  });
});
