// Issue 17 over HTTP against the built server: ticking roadmap actions (right actor of the right account
// only), registering for a community event (deadline, double registration, cancel, confirmation mail, .ics),
// and importing attendance from CSV (a bad row names its line and nothing is imported).
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPerson, get, postForm, query, signIn } from '../support/auth.ts';
import { ROOT } from '../support/server.ts';
import { loadKpiContent } from '../../src/lib/server/kpi/kpi-content.ts';
import { listEvents, registrationClosesAt } from '../../src/lib/server/events/list-events.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const PAST_EVENT = 'announce-meetup-2026-10';

function createAccount(prefix: string, segment = 'tech', plan = 'starter', contractDaysAgo = 3): string {
  const id = `acct-${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const db = new Database(databasePath);
  try {
    db.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)`)
      .run(id, id.slice(5), `${prefix} 株式会社`, segment, plan, new Date(Date.now() - contractDaysAgo * 86_400_000).toISOString().slice(0, 10));
  } finally {
    db.close();
  }
  return id;
}

async function person(accountId: string | null, role = 'customer') {
  const p = await createTestPerson(databasePath, { accountId, role });
  return { ...p, token: await signIn(baseUrl, p.email, p.password) };
}

const rows = (accountId: string) => query<{ action: string; how: string; by: string | null; note: string | null }>(databasePath,
  `SELECT action_id AS action, how, done_by AS by, note FROM roadmap_progress WHERE account_id = ? AND how = 'confirm' ORDER BY action_id`, accountId);

describe('ticking roadmap actions', () => {
  let account: string;
  let customer: Awaited<ReturnType<typeof person>>;
  let admin: Awaited<ReturnType<typeof person>>;
  let manager: string;
  beforeAll(async () => {
    account = createAccount('tick');
    customer = await person(account, 'customer');
    admin = await person(account, 'customer-admin');
    manager = await signIn(baseUrl, 'manager@jisou.test');
  });

  it('a customer sees stage 1 of the default roadmap and ticks their own confirm action; who and when are stored', async () => {
    const page = await (await get(baseUrl, '/me/roadmap', customer.token)).text();
    expect(page).toContain('data-roadmap="self-onboarding-90days"');
    expect(page).toMatch(/data-action-id="week1-first-reply" data-state="next"/);
    const res = await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-first-reply', back: '/me/roadmap' }, customer.token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me/roadmap#roadmap');
    expect(rows(account)).toEqual([{ action: 'week1-first-reply', how: 'confirm', by: customer.id, note: null }]);
    expect(await (await get(baseUrl, '/me/roadmap', customer.token)).text()).toMatch(/data-action-id="week1-first-reply" data-state="done"/);
  });

  it('the wrong actor is refused with 403 and nothing is written; the customer admin may tick the admin action with a note', async () => {
    for (const action of ['week1-invite-team', 'week1-welcome']) {
      const res = await postForm(baseUrl, '/api/roadmap/tick', { account, action }, customer.token);
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain('担当の人だけ');
    }
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-welcome' }, admin.token)).status).toBe(403);
    expect(rows(account).map((r) => r.action)).toEqual(['week1-first-reply']);
    const ok = await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-invite-team', note: '営業部の5名を招待', back: '/team' }, admin.token);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/team#roadmap');
    expect(rows(account)).toContainEqual({ action: 'week1-invite-team', how: 'confirm', by: admin.id, note: '営業部の5名を招待' });
    // The vendor's action is ticked by staff (a manager: vendor actions; the CSM: csm actions).
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-welcome', back: `/manage/kpi/accounts/${account}` }, manager)).status).toBe(303);
  });

  it('another account\'s action is 403 and changes nothing; content actions cannot be ticked; bad input is a 400; signed out is 401', async () => {
    const other = await person(createAccount('other'), 'customer-admin');
    const before = rows(account);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-first-reply', intent: 'untick' }, other.token)).status).toBe(403);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-invite-team' }, other.token)).status).toBe(403);
    expect(rows(account)).toEqual(before);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-getting-started' }, customer.token)).status).toBe(409);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'no-such-action' }, customer.token)).status).toBe(404);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-first-reply', note: 'x'.repeat(501) }, customer.token)).status).toBe(400);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account }, customer.token)).status).toBe(400);
    expect((await postForm(baseUrl, '/api/roadmap/tick', { account, action: 'week1-first-reply' })).status).toBe(401);
    expect(rows(account)).toEqual(before);
  });

  it('the manager sees the position on the account page and in the account list', async () => {
    const page = await (await get(baseUrl, `/manage/kpi/accounts/${account}`, manager)).text();
    const position = page.slice(page.indexOf('data-roadmap-position'), page.indexOf('</p>', page.indexOf('data-roadmap-position')));
    expect(position).toContain('段階 1/3');
    expect(position).toContain('23% 完了(3/13 アクション)');
    const csv = await (await get(baseUrl, '/manage/kpi/export/accounts.csv', manager)).text();
    expect(csv.split('\r\n').find((l) => l.startsWith('tick 株式会社'))).toMatch(/,1\/3,23,0,/);
  });

  it('staff choose another roadmap for the account; a roadmap that does not exist is refused', async () => {
    const set = await postForm(baseUrl, `/manage/kpi/accounts/${account}`, { intent: 'set-roadmap', roadmap: 'enterprise-rollout' }, manager);
    expect(set.status).toBe(303);
    expect(await (await get(baseUrl, '/me/roadmap', customer.token)).text()).toContain('data-roadmap="enterprise-rollout"');
    expect((await postForm(baseUrl, `/manage/kpi/accounts/${account}`, { intent: 'set-roadmap', roadmap: 'nope' }, manager)).status).toBe(400);
    expect((await postForm(baseUrl, `/manage/kpi/accounts/${account}`, { intent: 'set-roadmap', roadmap: '' }, manager)).status).toBe(303);
    expect(await (await get(baseUrl, '/me/roadmap', customer.token)).text()).toContain('data-roadmap="self-onboarding-90days"');
  });
});

describe('registering for a community event', () => {
  const now = Date.now();
  const open = listEvents(loadKpiContent(ROOT)).find((e) => registrationClosesAt(e.event) > now + 3_600_000);
  let customer: Awaited<ReturnType<typeof person>>;
  beforeAll(async () => {
    customer = await person(createAccount('event'), 'customer');
  });

  it('the demo content has an upcoming event open for registration (move its dates forward when it has passed)', () => {
    expect(open?.key).toBeDefined();
  });

  it('register → confirmation mail queued, the .ics carries the online link; twice is 409; cancel; cancel again is 409', async () => {
    const key = open!.key;
    const path = `/api/events/${key}`;
    const res = await postForm(baseUrl, path, { intent: 'register' }, customer.token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/announcements/${key}?registration=registered#event`);
    expect(query(databasePath, `SELECT status FROM event_registrations WHERE event_key = ? AND user_id = ?`, key, customer.id)).toEqual([{ status: 'registered' }]);
    expect(query(databasePath, `SELECT template FROM mail_outbox WHERE recipient = ?`, customer.email)).toEqual([{ template: 'event-registration' }]);
    const ics = await get(baseUrl, `/events/${key}.ics`, customer.token);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await ics.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    if (open!.event.onlineUrl) expect(text.replace(/\r\n /g, '')).toContain(open!.event.onlineUrl);
    const pageHtml = await (await get(baseUrl, `/announcements/${key}`, customer.token)).text();
    expect(pageHtml).toContain('data-registration="registered"');

    const twice = await postForm(baseUrl, path, { intent: 'register' }, customer.token);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('すでに申し込んでいます');
    expect(query(databasePath, `SELECT count(*) AS n FROM mail_outbox WHERE recipient = ?`, customer.email)).toEqual([{ n: 1 }]);
    expect((await postForm(baseUrl, path, { intent: 'cancel' }, customer.token)).status).toBe(303);
    expect(query(databasePath, `SELECT status FROM event_registrations WHERE event_key = ? AND user_id = ?`, key, customer.id)).toEqual([{ status: 'cancelled' }]);
    expect((await postForm(baseUrl, path, { intent: 'cancel' }, customer.token)).status).toBe(409);
    // Someone not registered sees no online link in the calendar file.
    const stranger = await person(createAccount('event2'), 'customer');
    if (open!.event.onlineUrl) expect((await (await get(baseUrl, `/events/${key}.ics`, stranger.token)).text()).replace(/\r\n /g, '')).not.toContain(open!.event.onlineUrl);
  });

  it('after the deadline, for staff, an unknown event or a bad intent: refused, nothing written', async () => {
    const past = await postForm(baseUrl, `/api/events/${PAST_EVENT}`, { intent: 'register' }, customer.token);
    expect(past.status).toBe(409);
    expect(await past.text()).toContain('締め切り');
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    expect((await postForm(baseUrl, `/api/events/${open!.key}`, { intent: 'register' }, manager)).status).toBe(403);
    expect((await postForm(baseUrl, '/api/events/no-such-event', { intent: 'register' }, customer.token)).status).toBe(404);
    expect((await postForm(baseUrl, `/api/events/${open!.key}`, { intent: 'maybe' }, customer.token)).status).toBe(400);
    expect((await postForm(baseUrl, `/api/events/${open!.key}`, { intent: 'register' })).status).toBe(401);
    expect(query(databasePath, `SELECT count(*) AS n FROM event_registrations WHERE user_id = ? AND event_key = ?`, customer.id, PAST_EVENT)).toEqual([{ n: 0 }]);
  });
});

describe('attendance import', () => {
  function postCsv(token: string, csv: string | Uint8Array<ArrayBuffer>) {
    const form = new FormData();
    form.set('intent', 'import');
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'attendance.csv');
    return fetch(`${baseUrl}/manage/events/${PAST_EVENT}`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: baseUrl, cookie: `jisou_session=${token}` } });
  }
  const count = () => query<{ n: number }>(databasePath, `SELECT count(*) AS n FROM event_attendance WHERE event_key = ?`, PAST_EVENT)[0]!.n;

  it('a bad row names its line and nothing is imported; a good file is imported per person and account, and exported as CSV', async () => {
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    const a = await person(createAccount('attend'), 'customer');
    const b = await person(createAccount('attend2'), 'customer');
    const before = count();
    const bad = await postCsv(manager, `name,email\r\nA,${a.email}\r\nB,nobody@nowhere.example\r\n`);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('3 行目');
    expect(html).toContain('nobody@nowhere.example');
    expect(count()).toBe(before);
    expect((await postCsv(manager, 'name\r\nA\r\n')).status).toBe(400);
    expect(count()).toBe(before);
    // A Japanese header and an address in capitals are read as the same person.
    const good = await postCsv(manager, new TextEncoder().encode(`メールアドレス\r\n${a.email}\r\n${b.email.toUpperCase()}\r\n`));
    expect(good.status).toBe(303);
    expect(count()).toBe(before + 2);
    expect(query(databasePath, `SELECT via FROM event_attendance WHERE event_key = ? AND user_id = ?`, PAST_EVENT, b.id)).toEqual([{ via: 'csv' }]);
    const bytes = new Uint8Array(await (await get(baseUrl, `/manage/events/${PAST_EVENT}.csv`, manager)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the Japanese names
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain(a.email);
    expect(csv.split('\r\n').find((l) => l.includes(b.email))).toMatch(/^attend2 株式会社,/);
    // Authors never import attendance.
    expect((await postCsv(await signIn(baseUrl, 'author@jisou.test'), `email\r\n${a.email}\r\n`)).status).toBe(403);
  });
});
