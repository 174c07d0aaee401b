import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { COOKIE, createTestPerson, escapeHtml, messages, query, sessionCookieFrom, snapshotCounts } from '../support/auth.ts';

// Issue 12, items 6, 7, 10 and part of 11, against the built server. Its own server with the default
// sign-in limits (8 per email, 30 per IP, 15-minute window) and a trusted proxy, so each request can
// come from its own client IP through X-Forwarded-For.
const ja = messages('ja');
const DEVICE_COOKIE = 'jisou_device';
const PER_EMAIL = 8;
const PER_IP = 30;
const WINDOW_SECONDS = 15 * 60;

let server: TestServer;
let baseUrl = '';

beforeAll(async () => {
  server = await startTestServer({ JISOU_DEMO: 'true', TRUST_PROXY: 'true' });
  baseUrl = server.baseUrl;
});
afterAll(async () => server?.stop());

let ipCounter = 1;
const nextIp = () => `203.0.113.${ipCounter++ % 250}`;
// A separate /16 per test keeps IP counters of one test away from another's.
let netCounter = 1;
const freshNet = () => {
  const net = netCounter++;
  let host = 1;
  return () => `10.${net}.${Math.floor(host / 250)}.${host++ % 250}`;
};

interface Browser {
  ip?: string;
  device?: string;
  session?: string;
}

function login(email: string, password: string, b: Browser = {}) {
  const cookies = [b.session ? `${COOKIE}=${b.session}` : '', b.device ? `${DEVICE_COOKIE}=${b.device}` : ''].filter(Boolean).join('; ');
  return fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': b.ip ?? nextIp(), ...(cookies ? { cookie: cookies } : {}) },
    body: new URLSearchParams({ email, password }).toString(),
  });
}

function post(path: string, fields: Record<string, string>, session: string) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp(), cookie: `${COOKIE}=${session}` },
    body: new URLSearchParams(fields).toString(),
  });
}

function deviceCookieFrom(res: Response): { value: string; attributes: string } | undefined {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${DEVICE_COOKIE}=([^;]+)(.*)$`).exec(c);
    if (m) return { value: m[1]!, attributes: m[2]! };
  }
  return undefined;
}

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe('sign-in limits hold under concurrency (issue 12 item 6)', () => {
  it('30 parallel wrong passwords for one email: only the limit of 8 is checked, the rest get 429 with Retry-After', async () => {
    const person = await createTestPerson(server.databasePath);
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(person.email, `wrong-guess-${i}`)));
    const list = statuses(responses);
    expect(count(list, 401), list.join(',')).toBe(PER_EMAIL);
    expect(count(list, 429)).toBe(30 - PER_EMAIL);
    for (const r of responses.filter((r) => r.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner's right password from a new browser is refused too while the email is on hold.
    expect((await login(person.email, person.password)).status).toBe(429);
  });

  it('45 parallel guesses from one IP at different emails: only the limit of 30 is checked', async () => {
    const ip = nextIp();
    const responses = await Promise.all(Array.from({ length: 45 }, (_, i) => login(`nobody-${i}-${Date.now()}@acme.example`, 'wrong-guess', { ip })));
    const list = statuses(responses);
    expect(count(list, 401), list.join(',')).toBe(PER_IP);
    expect(count(list, 429)).toBe(45 - PER_IP);
    for (const r of responses.filter((r) => r.status === 429)) expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a successful sign-in gives its attempt back to the IP: people behind one address are not blocked by each other', async () => {
    const ip = nextIp();
    const person = await createTestPerson(server.databasePath);
    for (let i = 0; i < PER_IP + 5; i++) expect((await login(person.email, person.password, { ip })).status).toBe(303);
    expect(query(server.databasePath, 'SELECT count FROM rate_limits WHERE key = ?', `login-ip:${ip}`)).toEqual([{ count: 0 }]);
  });
});

describe('no targeted lockout of the owner (issue 12 item 7)', () => {
  it('strangers failing 20 times from other IPs do not lock the owner out of their known browser', async () => {
    const person = await createTestPerson(server.databasePath);
    const home = nextIp();
    const first = await login(person.email, person.password, { ip: home });
    expect(first.status).toBe(303);
    const device = deviceCookieFrom(first);
    expect(device, 'known-device cookie set at sign-in').toBeDefined();
    expect(device!.attributes).toMatch(/HttpOnly/i);
    expect(device!.attributes).toMatch(/Path=\//i);

    const ips = freshNet();
    const attack: number[] = [];
    for (let i = 0; i < 20; i++) attack.push((await login(person.email, `stolen-list-${i}`, { ip: ips() })).status);
    expect(count(attack, 401)).toBe(PER_EMAIL);
    expect(count(attack, 429)).toBe(20 - PER_EMAIL);

    // A browser that never signed in as this person waits out the hold...
    expect((await login(person.email, person.password, { ip: ips() })).status).toBe(429);
    // ...the owner's own browser signs in at once, from home or from anywhere else.
    const owner = await login(person.email, person.password, { ip: home, device: device!.value });
    expect(owner.status).toBe(303);
    expect(sessionCookieFrom(owner)).toMatch(/^[a-z2-7]{32}$/);
    const renewed = deviceCookieFrom(owner)!.value;
    expect((await login(person.email, person.password, { ip: ips(), device: renewed })).status).toBe(303);
  });

  it('a forged device cookie, or one of another person, does not lift the hold', async () => {
    const person = await createTestPerson(server.databasePath);
    const other = await createTestPerson(server.databasePath);
    const own = deviceCookieFrom(await login(person.email, person.password))!.value;
    const othersDevice = deviceCookieFrom(await login(other.email, other.password))!.value;
    const ips = freshNet();
    for (let i = 0; i < PER_EMAIL; i++) expect((await login(person.email, `guess-${i}`, { ip: ips() })).status).toBe(401);
    expect((await login(person.email, person.password, { device: othersDevice })).status).toBe(429);
    const [payload, mac] = own.split('.');
    const tampered = `${payload}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await login(person.email, person.password, { device: tampered })).status).toBe(429);
    expect((await login(person.email, person.password, { device: 'garbage' })).status).toBe(429);
    expect((await login(person.email, person.password, { device: own })).status).toBe(303);
  });

  it('the known browser is only slowed after its own wrong passwords (seconds, not the 15-minute window)', async () => {
    const person = await createTestPerson(server.databasePath);
    const device = deviceCookieFrom(await login(person.email, person.password))!.value;
    for (let i = 0; i < PER_EMAIL; i++) expect((await login(person.email, `typo-${i}`, { device })).status).toBe(401);
    // Waits start at 1 s and double; on a slow machine a short wait may be over before the next request,
    // so keep typing wrong until one is answered 429 (it must come within a few tries).
    let slowed: Response | undefined;
    for (let i = 0; i < 6 && !slowed; i++) {
      const res = await login(person.email, `typo-more-${i}`, { device });
      if (res.status === 429) slowed = res;
      else expect(res.status).toBe(401);
    }
    expect(slowed, 'a known device is slowed after repeated failures').toBeDefined();
    const wait = Number(slowed!.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60); // LOGIN_KNOWN_DEVICE_MAX_DELAY_SECONDS, not the 900 s window
    // After the wait the right password works (no 15-minute lock).
    await new Promise((r) => setTimeout(r, wait * 1000 + 300));
    expect((await login(person.email, person.password, { device })).status).toBe(303);
  });

  it('on a new browser under attack, the owner gets back in through a password-reset link', async () => {
    const person = await createTestPerson(server.databasePath);
    const ips = freshNet();
    for (let i = 0; i < PER_EMAIL; i++) expect((await login(person.email, `guess-${i}`, { ip: ips() })).status).toBe(401);
    expect((await login(person.email, person.password)).status).toBe(429);
    const admin = sessionCookieFrom(await login('admin@jisou.test', 'jisou-demo'))!;
    const page = await (await post(`/manage/accounts/users/${person.id}`, { intent: 'reset' }, admin)).text();
    const link = /\/reset-password\/[a-z2-7]{32}/.exec(page)?.[0];
    expect(link).toBeDefined();
    const reset = await fetch(`${baseUrl}${link}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
      body: new URLSearchParams({ password: 'meadow-compass-73', confirm: 'meadow-compass-73' }).toString(),
    });
    expect(reset.status).toBe(303);
    const device = deviceCookieFrom(reset);
    expect(device).toBeDefined();
    expect((await login(person.email, 'meadow-compass-73')).status).toBe(429);
    expect((await login(person.email, 'meadow-compass-73', { device: device!.value })).status).toBe(303);
  });

  it('an attacker guessing from one IP still gets 429 for the whole window', async () => {
    const person = await createTestPerson(server.databasePath);
    const ip = nextIp();
    const list: number[] = [];
    for (let i = 0; i < PER_EMAIL + 3; i++) list.push((await login(person.email, `guess-${i}`, { ip })).status);
    expect(count(list, 401)).toBe(PER_EMAIL);
    expect(count(list, 429)).toBe(3);
    const blocked = await login(person.email, person.password, { ip });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(WINDOW_SECONDS - 60);
  });
});

describe('stale invitations carry no authority (issue 12 item 10)', () => {
  let admin = '';
  beforeAll(async () => {
    const res = await login('admin@jisou.test', 'jisou-demo');
    admin = sessionCookieFrom(res)!;
    expect(admin).toBeTruthy();
  });

  async function createAndInvite(fields: Record<string, string>, accountId: string) {
    const created = await post(`/manage/accounts/${accountId}`, { intent: 'create-user', locale: 'ja', ...fields }, admin);
    expect(created.status).toBe(303);
    const userPath = new URL(created.headers.get('location')!, baseUrl).pathname;
    const invited = await post(userPath, { intent: 'invite' }, admin);
    expect(invited.status).toBe(200);
    const link = /\/invite\/[a-z2-7]{32}/.exec(await invited.text())?.[0];
    expect(link).toBeDefined();
    return { userPath, link: link! };
  }

  const accept = (link: string) =>
    fetch(`${baseUrl}${link}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
      body: new URLSearchParams({ name: '招待 花子', password: 'lantern-orchard-42', confirm: 'lantern-orchard-42' }).toString(),
    });

  it('accepting an old link after a demotion keeps the demotion', async () => {
    const email = `stale.demote.${Date.now()}@globex.example`;
    const { userPath, link } = await createAndInvite({ email, name: '降格 太郎', role: 'customer-admin' }, 'acct-globex');
    expect(query(server.databasePath, 'SELECT role FROM invitations WHERE email = ?', email)).toEqual([{ role: 'customer-admin' }]);
    expect((await post(userPath, { intent: 'update', name: '降格 太郎', role: 'customer', locale: 'ja', account: 'globex' }, admin)).status).toBe(303);
    // The page tells the invitee what they will get now, not what the link once said.
    const page = await (await fetch(`${baseUrl}${link}`, { headers: { 'x-forwarded-for': nextIp() } })).text();
    expect(page).toContain(escapeHtml(ja['auth.role.customer']!));
    expect(page).not.toContain(escapeHtml(ja['auth.role.customer-admin']!));
    expect((await accept(link)).status).toBe(303);
    expect(query(server.databasePath, 'SELECT role, account_id FROM users WHERE email = ?', email)).toEqual([{ role: 'customer', account_id: 'acct-globex' }]);
    expect((await login(email, 'lantern-orchard-42')).status).toBe(303);
  });

  it('accepting an old link after a move to another account keeps the move', async () => {
    const email = `stale.move.${Date.now()}@example.org`;
    const { userPath, link } = await createAndInvite({ email, name: '異動 次郎', role: 'customer', account: 'acme' }, 'acct-acme');
    expect((await post(userPath, { intent: 'update', name: '異動 次郎', role: 'customer', locale: 'ja', account: 'globex' }, admin)).status).toBe(303);
    expect((await accept(link)).status).toBe(303);
    expect(query(server.databasePath, 'SELECT role, account_id FROM users WHERE email = ?', email)).toEqual([{ role: 'customer', account_id: 'acct-globex' }]);
  });
});

describe('bad input gets 4xx, never 500 (issue 12 item 11, sign-in and CSV import)', () => {
  it('an email over 254 or a password over 1,024 characters on POST /login is a 400 with a message', async () => {
    const before = snapshotCounts(server.databasePath);
    for (const [email, password] of [
      [`${'a'.repeat(250)}@acme.example`, 'whatever-pass'],
      ['user@acme.example', 'p'.repeat(1025)],
    ] as const) {
      const res = await login(email, password);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(escapeHtml(ja['auth.error.credentials_too_long']!));
    }
    expect(snapshotCounts(server.databasePath)).toEqual(before);
    // Right at the limits the form is answered normally.
    expect((await login(`${'a'.repeat(241)}@acme.example`, 'p'.repeat(1024))).status).toBe(401);
  });

  it('a CSV row that changes the importing admin’s own role is refused with its line, and nothing changes', async () => {
    const admin = sessionCookieFrom(await login('admin@jisou.test', 'jisou-demo'))!;
    const before = snapshotCounts(server.databasePath);
    const csv = ['email,name,role,account,locale', 'csv.selfrole@globex.example,一 行目,customer,globex,ja', 'admin@jisou.test,管理 者,manager,,ja'].join('\n');
    const res = await post('/manage/accounts/import', { csv }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(escapeHtml(ja['manage.import.line']!.replace('{line}', '3')));
    expect(html).toContain(escapeHtml(ja['auth.error.cannot_change_self']!));
    expect(snapshotCounts(server.databasePath)).toEqual(before);
    expect(query(server.databasePath, "SELECT role FROM users WHERE email = 'admin@jisou.test'")).toEqual([{ role: 'admin' }]);
    // Changing only their own name is fine.
    const ok = await post('/manage/accounts/import', { csv: 'email,name,role\nadmin@jisou.test,管理 者,admin' }, admin);
    expect(ok.status).toBe(200);
  });
});
