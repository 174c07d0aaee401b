// Issue 17 over HTTP against the built server: ticking roadmap actions (right actor of the right account
// only), registering for a community event (deadline, double registration, cancel, confirmation mail, .ics),
// the day-before reminders of `npm run engage -- run-once`, importing attendance from CSV (a bad row names
// its line and nothing is imported) and attaching the recording after the event.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPerson, get, postForm, query, signIn } from '../support/auth.ts';
import { ROOT, startTestServer, type TestServer } from '../support/server.ts';
import { loadKpiContent } from '../../src/lib/server/kpi/kpi-content.ts';
import { listEvents, registrationClosesAt } from '../../src/lib/server/events/list-events.ts';
import { openTestDatabase } from '../support/test-database.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const PAST_EVENT = 'announce-meetup-2026-10';

function createAccount(prefix: string, segment = 'tech', plan = 'starter', contractDaysAgo = 3): string {
  const id = `acct-${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const db = openTestDatabase(databasePath);
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

  it('in English, /me/roadmap shows the English roadmap (titles, stages, actions, item titles) with the same progress', async () => {
    const en = await (await get(baseUrl, '/me/roadmap', undefined, { cookie: `jisou_session=${customer.token}; jisou_locale=en` })).text();
    expect(en).toContain('Success roadmap to running on your own in 90 days');
    expect(en).toContain('Week 1 — ready to take customer questions');
    expect(en).toMatch(/data-action-id="week1-first-reply"[^>]*>[\s\S]*?Reply to your first ticket/);
    // The English item title of a translated manual.
    expect(en).toMatch(/data-action-id="week1-getting-started"[^>]*>[\s\S]*?Read (?:&quot;|")Getting started(?:&quot;|") for the big picture[\s\S]*?Opening your account and initial setup/);
    expect(en).not.toContain('最初のチケットに返信する');
    expect(en).not.toContain('1週目 — 問い合わせを受け付けられる状態にする');
    // Japanese readers keep the Japanese texts, and both pages show the same progress.
    const ja = await (await get(baseUrl, '/me/roadmap', customer.token)).text();
    expect(ja).toContain('最初のチケットに返信する');
    expect(ja).not.toContain('Reply to your first ticket');
    const states = (html: string) => [...html.matchAll(/data-action-id="([^"]+)" data-state="([^"]+)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(states(en)).toHaveLength(13);
    expect(states(en)).toEqual(states(ja));
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

describe('the roadmaps overview', () => {
  // Positions are shared with the account evaluation across requests; a new account must count at once.
  const stageCount = async (manager: string, roadmap: string, stage: number): Promise<number> => {
    const page = await (await get(baseUrl, '/manage/roadmaps', manager)).text();
    const section = page.slice(page.indexOf(`data-roadmap="${roadmap}"`));
    const row = section.slice(section.indexOf(`data-stage="${stage}"`));
    return Number(/data-accounts[^>]*>(\d+)</.exec(row)![1]);
  };

  it('counts a new account on the first stage of the default roadmap on the next load', async () => {
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    const before = await stageCount(manager, 'self-onboarding-90days', 1);
    createAccount('overview');
    // Other test files may add accounts to the same server meanwhile: at least this one more.
    expect(await stageCount(manager, 'self-onboarding-90days', 1)).toBeGreaterThanOrEqual(before + 1);
  });
});

describe('registering for a community event, and the reminder the day before', () => {
  // The demo's upcoming event has fixed dates in its frontmatter; event deadlines follow the content clock,
  // which this server reads from a file (JISOU_TEST_CLOCK_FILE, honoured only under NODE_ENV=test). Set two
  // days before the last demo event's deadline, these tests keep passing after the real date has gone by.
  const content = loadKpiContent(ROOT);
  const open = listEvents(content).at(-1)!;
  const published = content.byKey.get(open.key)!.publishedAt.getTime();
  const clockAt = Math.max(published + 3_600_000, registrationClosesAt(open.event) - 2 * 86_400_000);
  const dir = mkdtempSync(join(tmpdir(), 'jisou-clock-'));
  const clockFile = join(dir, 'clock');
  const setClock = (ms: number, file = clockFile) => writeFileSync(file, new Date(ms).toISOString());
  // The CLI reads a clock of its own: the server's reminder schedule (which also follows its clock) then
  // never queues them first, so what is counted here is what run-once did.
  const cliClockFile = join(dir, 'cli-clock');
  let server: TestServer;
  let customer: { id: string; email: string; token: string };
  const personOn = async (accountId: string) => {
    const p = await createTestPerson(server.databasePath, { accountId, role: 'customer' });
    return { ...p, token: await signIn(server.baseUrl, p.email, p.password) };
  };
  const accountOn = (prefix: string) => {
    const id = `acct-${prefix}-${Math.floor(Math.random() * 1e9)}`;
    const db = openTestDatabase(server.databasePath);
    try {
      db.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, ?, 'tech', 'starter', '2026-01-05', 0, 0)`).run(id, id.slice(5), `${prefix} 株式会社`);
    } finally {
      db.close();
    }
    return id;
  };
  beforeAll(async () => {
    setClock(clockAt);
    server = await startTestServer({ JISOU_TEST_CLOCK_FILE: clockFile });
    customer = await personOn(accountOn('event'));
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the demo content has an upcoming event open for registration at the test clock', () => {
    expect(open.event.onlineUrl ?? open.event.place).toBeTruthy();
    expect(clockAt).toBeLessThan(registrationClosesAt(open.event));
  });

  it('register → confirmation mail queued, the .ics carries the online link; twice is 409; cancel; cancel again is 409', async () => {
    const { baseUrl, databasePath } = server;
    const key = open.key;
    const path = `/api/events/${key}`;
    const before = await (await get(baseUrl, `/announcements/${key}`, customer.token)).text();
    expect(before).toContain('value="register"');
    const res = await postForm(baseUrl, path, { intent: 'register' }, customer.token);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/announcements/${key}?registration=registered#event`);
    expect(query(databasePath, `SELECT status FROM event_registrations WHERE event_key = ? AND user_id = ?`, key, customer.id)).toEqual([{ status: 'registered' }]);
    expect(query(databasePath, `SELECT template FROM mail_outbox WHERE recipient = ?`, customer.email)).toEqual([{ template: 'event-registration' }]);
    const ics = await get(baseUrl, `/events/${key}.ics`, customer.token);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await ics.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    if (open.event.onlineUrl) expect(text.replace(/\r\n /g, '')).toContain(open.event.onlineUrl);
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
    const stranger = await personOn(accountOn('event2'));
    if (open.event.onlineUrl) expect((await (await get(baseUrl, `/events/${key}.ics`, stranger.token)).text()).replace(/\r\n /g, '')).not.toContain(open.event.onlineUrl);
  });

  it('after the deadline, for staff, an unknown event or a bad intent: refused, nothing written', async () => {
    const { baseUrl, databasePath } = server;
    const past = await postForm(baseUrl, `/api/events/${PAST_EVENT}`, { intent: 'register' }, customer.token);
    expect(past.status).toBe(409);
    expect(await past.text()).toContain('締め切り');
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    expect((await postForm(baseUrl, `/api/events/${open.key}`, { intent: 'register' }, manager)).status).toBe(403);
    expect((await postForm(baseUrl, '/api/events/no-such-event', { intent: 'register' }, customer.token)).status).toBe(404);
    expect((await postForm(baseUrl, `/api/events/${open.key}`, { intent: 'maybe' }, customer.token)).status).toBe(400);
    expect((await postForm(baseUrl, `/api/events/${open.key}`, { intent: 'register' })).status).toBe(401);
    expect(query(databasePath, `SELECT count(*) AS n FROM event_registrations WHERE user_id = ? AND event_key = ?`, customer.id, PAST_EVENT)).toEqual([{ n: 0 }]);
  });

  it('`npm run engage -- run-once` queues the day-before reminder once per registered person, however often it runs', async () => {
    const { baseUrl, databasePath } = server;
    const keen = await personOn(accountOn('remind'));
    expect((await postForm(baseUrl, `/api/events/${open.key}`, { intent: 'register' }, keen.token)).status).toBe(303);
    const registered = query<{ email: string }>(databasePath, `SELECT u.email FROM event_registrations r JOIN users u ON u.id = r.user_id
      WHERE r.event_key = ? AND r.status = 'registered' AND u.disabled_at IS NULL`, open.key).map((r) => r.email.toLowerCase()).sort();
    expect(registered).toContain(keen.email.toLowerCase());
    expect(registered).not.toContain(customer.email.toLowerCase()); // cancelled above
    const engage = () => new Promise<{ code: number | null; output: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', DATABASE_PATH: databasePath, JISOU_TEST_CLOCK_FILE: cliClockFile };
      delete env.SMTP_URL; // no SMTP: the outbox keeps what was queued (logged, not sent)
      const child = spawn(process.execPath, [join(ROOT, 'scripts/engage.ts'), 'run-once'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.once('exit', (code) => resolve({ code, output }));
    });
    const reminders = () => query<{ recipient: string }>(databasePath, `SELECT recipient FROM mail_outbox WHERE template = 'event-reminder'`).map((r) => r.recipient).sort();
    // Two days ahead: too early for the reminder.
    setClock(clockAt, cliClockFile);
    const early = await engage();
    expect(early.code, early.output).toBe(0);
    expect(early.output).toContain('Event reminders: 0 queued');
    expect(reminders()).toEqual([]);
    // Twelve hours before the start: everyone registered (and nobody who cancelled) gets one, once.
    setClock(open.event.startsAt.getTime() - 12 * 3_600_000, cliClockFile);
    const first = await engage();
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`Event reminders: ${registered.length} queued`);
    const second = await engage();
    expect(second.output).toContain('Event reminders: 0 queued');
    expect(reminders()).toEqual(registered);
    expect(query(databasePath, `SELECT idempotency_key AS k FROM mail_outbox WHERE recipient = ? AND template = 'event-reminder'`, keen.email.toLowerCase())).toEqual([{ k: `event-reminder:${open.key}:${keen.id}` }]);
  }, 90_000);
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

describe('attaching the recording after an event', () => {
  const EVENT = 'announce-meetup-2026-12'; // no recording in its frontmatter
  const WEBINAR = 'webinar-automation-deep-dive';
  const stored = () => query(databasePath, 'SELECT webinar_key AS webinar, attached_by AS by FROM event_recordings WHERE event_key = ?', EVENT);
  const audits = () => query<{ detail: string }>(databasePath, `SELECT detail FROM audit_log WHERE action = 'event.recording' AND target_id = ? ORDER BY id`, EVENT).map((a) => JSON.parse(a.detail));
  const recordingLinks = (html: string) => [...html.matchAll(/data-recording="([^"]*)"><a href="([^"]+)"/g)].map((m) => m[2]);

  it('staff attach a webinar; the event page links it for a customer of its audience; a bad key is a 400 and changes nothing', async () => {
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    const managerId = query<{ id: string }>(databasePath, `SELECT id FROM users WHERE email = 'manager@jisou.test'`)[0]!.id;
    const customer = await person(createAccount('recording'), 'customer');
    expect(recordingLinks(await (await get(baseUrl, `/announcements/${EVENT}`, customer.token)).text())).toEqual([]);

    // Not a webinar (a manual's key) or no such key at all: 400 naming the fix, nothing stored or audited.
    for (const webinar of ['getting-started', 'webinar-no-such-thing']) {
      const bad = await postForm(baseUrl, `/manage/events/${EVENT}`, { intent: 'recording', webinar }, manager);
      expect(bad.status, webinar).toBe(400);
      expect(await bad.text()).toContain('公開済みウェビナーはありません');
    }
    // Authors and customers may not attach one.
    expect((await postForm(baseUrl, `/manage/events/${EVENT}`, { intent: 'recording', webinar: WEBINAR }, await signIn(baseUrl, 'author@jisou.test'))).status).toBe(403);
    expect((await postForm(baseUrl, `/manage/events/${EVENT}`, { intent: 'recording', webinar: WEBINAR }, customer.token)).status).toBe(403);
    expect(stored()).toEqual([]);
    expect(audits()).toEqual([]);

    const ok = await postForm(baseUrl, `/manage/events/${EVENT}`, { intent: 'recording', webinar: WEBINAR }, manager);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/manage/events/${EVENT}?recording=attached`);
    expect(stored()).toEqual([{ webinar: WEBINAR, by: managerId }]);
    expect(audits()).toEqual([{ webinar: WEBINAR }]);
    expect(await (await get(baseUrl, `/manage/events/${EVENT}?recording=attached`, manager)).text()).toContain(`data-recording="${WEBINAR}"`);
    // The event page links it for the customer, and the link opens the webinar.
    const links = recordingLinks(await (await get(baseUrl, `/announcements/${EVENT}`, customer.token)).text());
    expect(links).toEqual([`/webinars/${WEBINAR}`]);
    expect((await get(baseUrl, links[0]!, customer.token)).status).toBe(200);

    // Taking it back: the page has no recording link again (the frontmatter has none).
    expect((await postForm(baseUrl, `/manage/events/${EVENT}`, { intent: 'recording', webinar: '' }, manager)).headers.get('location')).toBe(`/manage/events/${EVENT}?recording=removed`);
    expect(stored()).toEqual([]);
    expect(audits()).toEqual([{ webinar: WEBINAR }, { webinar: null }]);
    expect(recordingLinks(await (await get(baseUrl, `/announcements/${EVENT}`, customer.token)).text())).toEqual([]);
  });

  it('a recording attached to the past event replaces the one in its frontmatter', async () => {
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    const customer = await person(createAccount('recording2'), 'customer');
    expect(recordingLinks(await (await get(baseUrl, `/announcements/${PAST_EVENT}`, customer.token)).text())).toEqual(['/webinars/webinar-user-group-talk-mizunara']);
    expect((await postForm(baseUrl, `/manage/events/${PAST_EVENT}`, { intent: 'recording', webinar: 'webinar-community-qa-autumn' }, manager)).status).toBe(303);
    expect(recordingLinks(await (await get(baseUrl, `/announcements/${PAST_EVENT}`, customer.token)).text())).toEqual(['/webinars/webinar-community-qa-autumn']);
    expect((await postForm(baseUrl, `/manage/events/${PAST_EVENT}`, { intent: 'recording', webinar: '' }, manager)).status).toBe(303);
    expect(recordingLinks(await (await get(baseUrl, `/announcements/${PAST_EVENT}`, customer.token)).text())).toEqual(['/webinars/webinar-user-group-talk-mizunara']);
  });
});
