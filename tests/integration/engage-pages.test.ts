import { beforeAll, describe, expect, inject, it } from 'vitest';
import { get, postForm, query, signIn } from '../support/auth.ts';

// Mail preferences in the profile, and /manage/engage with its preview, test send and dev mailbox, on the
// shared demo server (no SMTP_URL: mail goes to the log and the outbox page).
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const idOf = (email: string) => query<{ id: string }>(databasePath, 'SELECT id FROM users WHERE email = ?', email)[0]!.id;
// nudges is a boolean on PostgreSQL: read as 1/0 on both backends.
const prefsOf = (email: string) => query(databasePath, 'SELECT announcements, CASE WHEN nudges THEN 1 ELSE 0 END AS nudges, alerts FROM mail_preferences WHERE user_id = ?', idOf(email))[0];

let customer: string;
let customerAdmin: string;
let manager: string;
beforeAll(async () => {
  customer = await signIn(baseUrl, 'user@acme.example');
  customerAdmin = await signIn(baseUrl, 'admin@acme.example');
  manager = await signIn(baseUrl, 'manager@jisou.test');
});

describe('mail preferences in the profile', () => {
  it('a customer chooses announcements and nudges; the choice holds at once', async () => {
    const page = await (await get(baseUrl, '/profile', customer)).text();
    expect(page).toContain('name="announcements" value="weekly"');
    expect(page).not.toContain('name="alerts"');
    const res = await postForm(baseUrl, '/profile', { intent: 'mail', announcements: 'weekly', nudges: 'off' }, customer);
    expect(res.status).toBe(303);
    expect(prefsOf('user@acme.example')).toMatchObject({ announcements: 'weekly', nudges: 0 });
    expect(await (await get(baseUrl, '/profile?done=mail', customer)).text()).toMatch(/value="weekly"[^>]*checked/);
  });

  it('refuses a value that is not a choice, and changes nothing', async () => {
    const before = prefsOf('user@acme.example');
    const res = await postForm(baseUrl, '/profile', { intent: 'mail', announcements: 'hourly' }, customer);
    expect(res.status).toBe(400);
    expect(prefsOf('user@acme.example')).toEqual(before);
  });

  it('an account admin cannot change another person’s choices, whatever the form carries', async () => {
    const before = prefsOf('user@acme.example');
    const res = await postForm(baseUrl, '/profile', { intent: 'mail', announcements: 'off', nudges: 'on', userId: idOf('user@acme.example'), email: 'user@acme.example' }, customerAdmin);
    expect(res.status).toBe(303);
    expect(prefsOf('user@acme.example')).toEqual(before);
    expect(prefsOf('admin@acme.example')).toMatchObject({ announcements: 'off', nudges: 1 });
  });

  it('staff choose how alerts reach them (staff mail, apart from customer mail)', async () => {
    const page = await (await get(baseUrl, '/profile', manager)).text();
    expect(page).toContain('name="alerts" value="daily"');
    expect(page).not.toContain('name="announcements"');
    expect((await postForm(baseUrl, '/profile', { intent: 'mail', alerts: 'daily' }, manager)).status).toBe(303);
    expect(prefsOf('manager@jisou.test')).toMatchObject({ alerts: 'daily' });
  });
});

describe('/manage/engage', () => {
  it('lists the demo plays with their last run and results, and the announcements mailed', async () => {
    const html = await (await get(baseUrl, '/manage/engage', manager)).text();
    for (const key of ['onboarding-low-usage', 'dormant-30', 'next-level-content', 'survey-day30']) expect(html).toContain(key);
    expect(html).toContain('data-testid="announcements-table"');
    // The demo history: mails delivered and clicked for the meetup announcement.
    const results = await (await get(baseUrl, '/manage/engage?results=announcement:announce-meetup-2026-12', manager)).text();
    expect(results).toContain('data-testid="results-bySegment"');
    expect(results).toMatch(/ハイタッチ|High touch/);
  });

  it('dry-runs a play without sending anything', async () => {
    const before = query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM mail_outbox')[0]!.n;
    const res = await get(baseUrl, '/manage/engage?dry=dormant-30', manager);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="dry-run"');
    expect(query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM mail_outbox')[0]!.n).toBe(before);
  });

  it('previews a play in ja and en and sends a test to the signed-in person only; the dev mailbox shows it', async () => {
    const page = await (await get(baseUrl, '/manage/engage/preview?source=play:onboarding-low-usage', manager)).text();
    expect(page).toContain('導入の次のステップをご案内します');
    expect(page).toContain('Your next onboarding steps');
    const res = await postForm(baseUrl, '/manage/engage/preview', { source: 'play:onboarding-low-usage', locale: 'en', to: 'user@acme.example' }, manager);
    expect(res.status).toBe(200);
    const rows = query<{ id: number; recipient: string; locale: string }>(databasePath, "SELECT id, recipient, locale FROM mail_outbox WHERE idempotency_key LIKE 'test:%'");
    expect(rows.map((r) => [r.recipient, r.locale])).toEqual([['manager@jisou.test', 'en']]);
    const box = await (await get(baseUrl, `/manage/engage/outbox?id=${rows[0]!.id}`, manager)).text();
    expect(box).toContain('data-testid="outbox-mail"');
    expect(box).toContain('Your next onboarding steps');
    expect((await get(baseUrl, '/manage/engage/preview?source=play:nope', manager)).status).toBe(400);
    expect((await get(baseUrl, '/manage/engage/outbox?id=99999999', manager)).status).toBe(404);
  });
});
