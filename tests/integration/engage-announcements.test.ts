import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPerson, query, signIn } from '../support/auth.ts';
import { localClock } from '../../src/lib/server/engage/local-clock.ts';
import { ROOT, startTestServer, type TestServer } from '../support/server.ts';
import { linkIn, startSmtpServer, type CapturedMail, type TestSmtp } from '../support/smtp.ts';
import { databaseEnv, openTestDatabase } from '../support/test-database.ts';

// Issue 15 items 2–4 against the built server and a real SMTP server in this process: an e-mail announcement
// reaches each person of its audience once, in their language, with one-click unsubscribe and tracked links;
// a click credits awareness. The decisions are taken by `npm run engage -- run-once` (the same jobs the
// server runs on its schedule), the mails delivered by the server's own sender.

const ORIGIN = 'http://learn.example.test';
const MAIL_ENV = { JISOU_DEMO: 'false', MAIL_RATE_PER_MINUTE: '6000', MAIL_POLL_SECONDS: '0.2', PUBLIC_ORIGIN: ORIGIN, MAIL_REPLY_TO: 'CS Team <cs@vendor.example>' };
// The repository's e-mail announcements (content/announcements/ja/meetup-2026-12.mdx, community-qa-winter.mdx).
const ANNOUNCEMENTS = ['announce-meetup-2026-12', 'announce-community-qa-winter'];

let smtp: TestSmtp;
let server: TestServer;

// The CLI decides on the content clock (JISOU_TEST_CLOCK_FILE under NODE_ENV=test). Weekly digests go out on
// Monday from 09:00 in Tokyo; so that this test asserts the same decisions whatever day CI runs, the CLI's
// clock is today, or yesterday when today is a Monday in Tokyo.
const clockDir = mkdtempSync(join(tmpdir(), 'jisou-engage-clock-'));
const cliClockFile = join(clockDir, 'clock');
const DAY = 86_400_000;
const cliNow = localClock(Date.now(), 'Asia/Tokyo').weekday === 1 ? Date.now() - DAY : Date.now();
writeFileSync(cliClockFile, new Date(cliNow).toISOString());

function write(sql: string, ...params: unknown[]): void {
  const db = openTestDatabase(server.databasePath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function engage(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...MAIL_ENV, LANG: 'C', ...databaseEnv(server.databasePath), SMTP_URL: smtp.url, ENGAGE_ANNOUNCEMENT_MAX_AGE_DAYS: '365', JISOU_TEST_CLOCK_FILE: cliClockFile };
    const child = spawn(process.execPath, [join(ROOT, 'scripts/engage.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const mailsTo = (to: string): CapturedMail[] => smtp.mails.filter((m) => m.to === to);
/**
 * The announcement mails among them: `engage run-once` also runs the plays, which may nudge the same people
 * depending on the time of day (a "recent content" mail after 08:00 in Tokyo). Told apart by the mail
 * category in the signed unsubscribe link.
 */
const announcementMailsTo = (to: string): CapturedMail[] =>
  mailsTo(to).filter((m) => {
    const token = /\/unsubscribe\/([^.>]+)\./.exec(m.headers['list-unsubscribe'] ?? '')?.[1];
    return token !== undefined && (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { c?: string }).c === 'announcements';
  });
async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The body rows of a dashboard table (SortableTable) on a page, each as { column label: cell text }. */
function tableRows(html: string, id: string): Record<string, string>[] {
  const section = html.slice(html.indexOf(`<section class="kpi-table" id="${id}"`));
  const body = section.slice(0, section.indexOf('</section>'));
  expect(body, `table ${id} on the page`).toContain('<tbody');
  return [...body.slice(body.indexOf('<tbody')).matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) =>
    Object.fromEntries([...tr[1]!.matchAll(/<td[^>]*data-label="([^"]*)"[^>]*>([\s\S]*?)<\/td>/g)].map((td) => [td[1]!, td[2]!.replace(/<[^>]+>/g, '').trim()])),
  );
}

const people: Record<string, { id: string; email: string; password: string }> = {};

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({ ...MAIL_ENV, SMTP_URL: smtp.url });
  const now = Date.now();
  write("INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES ('acct-acme', 'acme', 'Acme', 'high', 'enterprise', '2025-01-01', ?, ?)", now, now);
  write("INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES ('acct-off', 'off', 'Disabled Co', 'low', 'starter', '2025-01-01', ?, ?)", now, now);
  for (const name of ['ja', 'en', 'weekly', 'optedOut', 'disabledAccount']) people[name] = await createTestPerson(server.databasePath, { role: 'customer', accountId: name === 'disabledAccount' ? 'acct-off' : 'acct-acme' });
  people.staff = await createTestPerson(server.databasePath, { role: 'manager' });
  write("UPDATE users SET locale = 'en' WHERE id = ?", people.en!.id);
  write("INSERT INTO mail_preferences (user_id, announcements, nudges, alerts, updated_at) VALUES (?, 'weekly', TRUE, 'immediate', ?)", people.weekly!.id, now);
  write("INSERT INTO mail_preferences (user_id, announcements, nudges, alerts, updated_at) VALUES (?, 'off', TRUE, 'immediate', ?)", people.optedOut!.id, now);
  write('UPDATE accounts SET disabled_at = ? WHERE id = ?', now, 'acct-off');
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  rmSync(clockDir, { recursive: true, force: true });
});

describe('an announcement by e-mail', () => {
  it('reaches each person of its audience exactly once, in their language, also when the jobs run again', async () => {
    const first = await engage(['run-once']);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Engage jobs: 2 announcement\(s\) mailed \(4 mails, 2 to weekly digests\)/);
    await until('both announcements to both people', () => announcementMailsTo(people.ja!.email).length === 2 && announcementMailsTo(people.en!.email).length === 2);
    // A second run (cron, or another server) decides nothing new.
    const second = await engage(['run-once']);
    expect(second.output).toMatch(/Engage jobs: 0 announcement\(s\) mailed/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(announcementMailsTo(people.ja!.email)).toHaveLength(2);
    expect(announcementMailsTo(people.en!.email)).toHaveLength(2);
    // Weekly digest, opted out, and people of a disabled account: no announcement mail.
    for (const who of ['weekly', 'optedOut', 'disabledAccount', 'staff']) expect(announcementMailsTo(people[who]!.email), who).toHaveLength(0);
    expect(query(server.databasePath, 'SELECT announcement_key FROM engage_digest_items WHERE user_id = ? ORDER BY 1', people.weekly!.id)).toHaveLength(2);

    const ja = mailsTo(people.ja!.email).find((m) => m.subject.includes('ミートアップ'))!;
    const en = mailsTo(people.en!.email).find((m) => m.subject.includes('ミートアップ'))!;
    // Japanese frame for the Japanese reader, English frame for the English one (the item is written in Japanese).
    expect(ja.text).toContain('お知らせを「すぐに受け取る」設定にしているため');
    expect(ja.text).toContain('配信停止:');
    expect(en.text).toContain('You get this because you chose to receive announcements immediately');
    expect(en.text).toContain('Unsubscribe:');
    for (const m of [ja, en]) {
      expect(m.html).toContain('<!doctype html>');
      expect(m.html).toContain(`${ORIGIN}/profile#mail`);
      expect(m.headers['list-unsubscribe']).toMatch(new RegExp(`^<${ORIGIN}/unsubscribe/[A-Za-z0-9_.-]+>$`));
      expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(m.headers['reply-to']).toContain('cs@vendor.example');
      // No tracking pixel: no image at all.
      expect(m.html).not.toMatch(/<img/i);
    }
    // Once sent, the outbox keeps the mails without their tokens: no unsubscribe or tracked link of a mail
    // can be read back from the database (the titles stay, for the dev mailbox).
    const tokens = [ja, en].flatMap((m) => [...m.text.matchAll(new RegExp(`${ORIGIN}/(?:r|unsubscribe)/([A-Za-z0-9_.-]+)`, 'g'))].map((x) => x[1]!));
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    const stored = query<{ state: string; payload: string }>(server.databasePath, "SELECT state, payload FROM mail_outbox WHERE template = 'announcement' AND recipient IN (?, ?)", people.ja!.email, people.en!.email);
    expect(stored.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    for (const r of stored) {
      for (const token of tokens) expect(r.payload).not.toContain(token);
      expect(r.payload).toContain('removed-after-sending');
    }
  }, 120_000);

  it('counts a click on a tracked link as awareness of the item for the account, signed-out through sign-in', async () => {
    const mail = mailsTo(people.ja!.email).find((m) => m.subject.includes('ミートアップ'))!;
    const links = [...mail.text.matchAll(new RegExp(`${ORIGIN}/r/[A-Za-z0-9_.-]+`, 'g'))].map((m) => new URL(m[0]));
    // The announcement and the two items it points at.
    expect(links).toHaveLength(3);
    const before = query(server.databasePath, "SELECT * FROM tracking_account_awareness WHERE account_id = 'acct-acme'");
    expect(before).toHaveLength(0);
    const res = await fetch(`${server.baseUrl}${links[0]!.pathname}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/announcements/announce-meetup-2026-12');
    // Signed out: the item sends the reader through sign-in and back.
    const item = await fetch(`${server.baseUrl}/announcements/announce-meetup-2026-12`, { redirect: 'manual' });
    expect([302, 303]).toContain(item.status);
    expect(item.headers.get('location')).toContain('/login?next=%2Fannouncements%2Fannounce-meetup-2026-12');
    const aware = query<{ content_key: string; first_impression_at: number }>(server.databasePath, "SELECT content_key, first_impression_at FROM tracking_account_awareness WHERE account_id = 'acct-acme'");
    expect(aware.map((a) => a.content_key)).toEqual(['announce-meetup-2026-12']);
    expect(query(server.databasePath, 'SELECT item_key, source_kind FROM engage_clicks WHERE user_id = ?', people.ja!.id)).toEqual([{ item_key: 'announce-meetup-2026-12', source_kind: 'announcement' }]);
    // The funnel by channel on the awareness page: the mail reached two people, one clicked.
    const cookie = await signIn(server.baseUrl, people.staff!.email, people.staff!.password);
    const csv = await (await fetch(`${server.baseUrl}/manage/kpi/export/awareness-channels.csv?period=30`, { headers: { cookie: `jisou_session=${cookie}` } })).text();
    // The upcoming meetup (the demo also has a past one, announced on the portal only).
    const row = csv.split('\n').find((l) => l.includes('第4回ミートアップ') && /email|メール/i.test(l));
    expect(row, csv).toBeDefined();
    expect(row!.split(',').slice(-5).map(Number)).toEqual([4, 2, 1, 0, 0]);
    // The same funnel per item linked in the mail, on the awareness page itself: the announcement by mail was
    // delivered to two and clicked by one; the items it points at reached the same two, unclicked.
    const page = await (await fetch(`${server.baseUrl}/manage/kpi/awareness?period=30`, { headers: { cookie: `jisou_session=${cookie}` } })).text();
    const itemRows = tableRows(page, 'awareness-item-channels');
    const meetupByMail = itemRows.filter((r) => r['コンテンツ']!.includes('第4回ミートアップ') && r['チャネル'] === 'メール');
    expect(meetupByMail, JSON.stringify(itemRows)).toEqual([expect.objectContaining({ 対象人数: '4', 到達人数: '2', クリックした人: '1', 閲覧人数: '0', エンゲージした人数: '0' })]);
    expect(itemRows.find((r) => r['コンテンツ']!.includes('第4回ミートアップ') && r['チャネル'] === 'ポータル')).toMatchObject({ 到達人数: '0', クリックした人: '–' });
    expect(itemRows.filter((r) => r['チャネル'] === 'メール' && r['到達人数'] === '2' && r['クリックした人'] === '0').length).toBeGreaterThanOrEqual(2);
    expect(page).toContain('ポータルではコンテンツを開くことが視聴なので');
    // A forged or altered token leads nowhere and records nothing.
    const forged = links[0]!.pathname.slice(0, -2) + (links[0]!.pathname.endsWith('A') ? 'BB' : 'AA');
    expect((await fetch(`${server.baseUrl}${forged}`, { redirect: 'manual' })).status).toBe(404);
    expect(query(server.databasePath, 'SELECT * FROM engage_clicks')).toHaveLength(1);
  }, 60_000);

  it('unsubscribes at once with the RFC 8058 one-click POST (no sign-in, no Origin), and the confirm page says so', async () => {
    const mail = announcementMailsTo(people.en!.email)[0]!;
    const url = new URL(mail.headers['list-unsubscribe']!.slice(1, -1));
    // The confirm page, signed out: a question and a button, nothing changed yet.
    const page = await fetch(`${server.baseUrl}${url.pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Stop announcement mail to ${people.en!.email}?`);
    expect(query(server.databasePath, 'SELECT * FROM mail_preferences WHERE user_id = ?', people.en!.id)).toHaveLength(0);
    // The mail client's one-click POST, as Gmail sends it (no Origin, no cookie).
    const res = await fetch(`${server.baseUrl}${url.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('you will not get announcement mail any more');
    expect(query(server.databasePath, 'SELECT announcements, CASE WHEN nudges THEN 1 ELSE 0 END AS nudges FROM mail_preferences WHERE user_id = ?', people.en!.id)).toEqual([{ announcements: 'off', nudges: 1 }]);
    expect(await (await fetch(`${server.baseUrl}${url.pathname}`)).text()).toContain('you will not get announcement mail any more');
    // A token that is not ours: 404, nothing changed.
    const bad = await fetch(`${server.baseUrl}/unsubscribe/eyJwIjoidW5zdWJzY3JpYmUifQ.AAAA`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(bad.status).toBe(404);
    // A click token is not an unsubscribe token (single purpose).
    const click = linkIn(announcementMailsTo(people.ja!.email)[0]!, '/r/').pathname.slice(3);
    expect((await fetch(`${server.baseUrl}/unsubscribe/${click}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(404);
  }, 60_000);
});
