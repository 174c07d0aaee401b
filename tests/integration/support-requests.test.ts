import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { escapeHtml, get, postForm, query, signIn } from '../support/auth.ts';

// 「困ったときは / Contact us」 (issue 16, item 6): customers write to their CS team; staff see the requests by
// status and move them along; a content request feeds the content-gap list without personal data.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const count = () => query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM support_requests')[0]!.n;

let globex: string;
let manager: string;
beforeAll(async () => {
  globex = await signIn(baseUrl, 'user@globex.example');
  manager = await signIn(baseUrl, 'manager@jisou.test');
});

describe('a customer writes to their CS team', () => {
  it('the footer of every page links to the form with the page it came from', async () => {
    const html = await (await get(baseUrl, '/manuals', globex)).text();
    expect(html).toContain('href="/contact?from=%2Fmanuals"');
    const form = await (await get(baseUrl, '/contact?from=%2Fmanuals', globex)).text();
    expect(form).toMatch(/name="page" value="\/manuals"/);
  });

  it('stores the request with the account, person and page, and lists it as the person\'s own', async () => {
    const res = await postForm(baseUrl, '/contact', { topic: 'question', message: '  レポートを毎週メールで受け取れますか?  ', page: '/manuals?x=1#top' }, globex);
    expect(res.status).toBe(303);
    const row = query<{ account_id: string; topic: string; message: string; page: string; status: string; email: string }>(
      databasePath,
      "SELECT r.account_id, r.topic, r.message, r.page, r.status, u.email FROM support_requests r JOIN users u ON u.id = r.user_id WHERE r.message LIKE 'レポートを毎週%'",
    );
    expect(row).toEqual([{ account_id: 'acct-globex', topic: 'question', message: 'レポートを毎週メールで受け取れますか?', page: '/manuals', status: 'open', email: 'user@globex.example' }]);
    const mine = await (await get(baseUrl, '/contact?sent=1', globex)).text();
    expect(mine).toContain(escapeHtml('レポートを毎週メールで受け取れますか?'));
    // The account's CSM gets a mail through the outbox, queued with the request (delivery: mail-outbox tests).
    const [{ id }] = query<{ id: string }>(databasePath, "SELECT id FROM support_requests WHERE message LIKE 'レポートを毎週%'") as [{ id: string }];
    const csm = query<{ email: string }>(databasePath, "SELECT u.email FROM accounts a JOIN users u ON u.id = a.csm_user_id WHERE a.id = 'acct-globex'")[0]!;
    const mail = query<{ recipient: string; template: string; payload: string }>(databasePath, 'SELECT recipient, template, payload FROM mail_outbox WHERE idempotency_key = ?', `support-request:${id}`);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ recipient: csm.email, template: 'support-request' });
    expect(JSON.parse(mail[0]!.payload)).toMatchObject({ account: 'グロベックス株式会社 (Globex)', excerpt: 'レポートを毎週メールで受け取れますか?' });
  });

  it('a content request adds the words looked for to the content-gap list, without the person', async () => {
    const res = await postForm(baseUrl, '/contact', { topic: 'content', message: 'Salesforce 連携の手順が見つかりません', lookingFor: 'セールスフォース連携' }, globex);
    expect(res.status).toBe(303);
    const gaps = query<{ query: string; tier: string }>(databasePath, "SELECT query, tier FROM search_gaps WHERE tier = 'request'");
    expect(gaps.map((g) => g.query).join(' ')).toContain('セールスフォース連携');
  });

  it.each([
    ['no topic', { message: 'x' }],
    ['an unknown topic', { topic: 'sales', message: 'x' }],
    ['an empty message', { topic: 'question', message: '   ' }],
    ['a message over 4,000 characters', { topic: 'question', message: 'あ'.repeat(4001) }],
    ['search words over 100 characters', { topic: 'content', message: 'x', lookingFor: 'a'.repeat(101) }],
  ])('refuses %s with 400 and stores nothing', async (_label, fields) => {
    const before = count();
    const res = await postForm(baseUrl, '/contact', fields as Record<string, string>, globex);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
    expect(count()).toBe(before);
  });

  it('signed out → sign in first; staff cannot file requests as a customer', async () => {
    const before = count();
    const anon = await postForm(baseUrl, '/contact', { topic: 'question', message: 'x' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await postForm(baseUrl, '/contact', { topic: 'question', message: 'x' }, manager)).status).toBe(403);
    expect(count()).toBe(before);
  });
});

describe('staff answer them', () => {
  it('/manage/requests lists open requests with the person to answer; marking one answered moves it and is audited', async () => {
    const id = query<{ id: string }>(databasePath, "SELECT id FROM support_requests WHERE message LIKE 'レポートを毎週%'")[0]!.id;
    const open = await (await get(baseUrl, '/manage/requests', manager)).text();
    expect(open).toContain(escapeHtml('レポートを毎週メールで受け取れますか?'));
    expect(open).toContain('user@globex.example');
    const res = await postForm(baseUrl, '/manage/requests?status=open', { id, status: 'answered' }, manager);
    expect(res.status).toBe(303);
    expect(query(databasePath, 'SELECT status FROM support_requests WHERE id = ?', id)).toEqual([{ status: 'answered' }]);
    expect(query(databasePath, "SELECT action, target_type FROM audit_log WHERE target_id = ?", id)).toEqual([{ action: 'request.status', target_type: 'request' }]);
    const answered = await (await get(baseUrl, '/manage/requests?status=answered', manager)).text();
    expect(answered).toContain(escapeHtml('レポートを毎週メールで受け取れますか?'));
    // The customer sees the new status.
    const mine = await (await get(baseUrl, '/contact', globex)).text();
    expect(mine).toMatch(/回答済み|Answered/);
  });

  it('the account page shows the account\'s requests; a bad status change is 400 and changes nothing', async () => {
    const page = await (await get(baseUrl, '/manage/kpi/accounts/acct-globex', manager)).text();
    expect(page).toContain('id="requests"');
    expect(page).toContain(escapeHtml('Salesforce 連携の手順が見つかりません'));
    const id = query<{ id: string }>(databasePath, "SELECT id FROM support_requests WHERE message LIKE 'Salesforce%'")[0]!.id;
    const bad = await postForm(baseUrl, '/manage/requests', { id, status: 'deleted' }, manager);
    expect(bad.status).toBe(400);
    expect(query(databasePath, 'SELECT status FROM support_requests WHERE id = ?', id)).toEqual([{ status: 'open' }]);
    expect((await postForm(baseUrl, '/manage/requests', { id: 'nope', status: 'closed' }, manager)).status).toBe(404);
  });

  it('authors and customers cannot open the requests list (personal data)', async () => {
    const author = await signIn(baseUrl, 'author@jisou.test');
    expect((await get(baseUrl, '/manage/requests', author)).status).toBe(403);
    expect((await get(baseUrl, '/manage/requests', globex)).status).toBe(403);
  });
});
