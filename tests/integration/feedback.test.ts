import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPerson, escapeHtml, get, postForm, query, signIn } from '../support/auth.ts';
import { acmeOnlyItems, customersOnlyItems } from '../support/gated-content.ts';

// "Was this page helpful?" on every item (issue 16, item 5): one answer per person per item, changeable,
// refused with a 4xx and nothing stored on bad input or for pages the person may not open; authors read
// helpful % and comments per item on /manage/feedback without personal data.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const item = customersOnlyItems.find((i) => i.locale === 'ja') ?? customersOnlyItems[0]!;
const titles = customersOnlyItems.filter((i) => i.key === item.key).map((i) => i.title);

// helpful is a boolean on PostgreSQL: read as 1/0 on both backends.
const HELPFUL = 'CASE WHEN helpful THEN 1 ELSE 0 END';
const answers = (userId: string, key: string) =>
  query<{ helpful: number; comment: string | null }>(databasePath, `SELECT ${HELPFUL} AS helpful, comment FROM item_feedback WHERE user_id = ? AND content_key = ?`, userId, key);
const total = () => query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM item_feedback')[0]!.n;

let person: { id: string; email: string; password: string };
let token: string;
beforeAll(async () => {
  // A fresh Globex-like person of Acme: no demo answers of their own.
  person = await createTestPerson(databasePath);
  token = await signIn(baseUrl, person.email, person.password);
});

describe('answering', () => {
  it('the item page carries a plain form that works without JavaScript', async () => {
    const html = await (await get(baseUrl, item.href, token)).text();
    expect(html).toMatch(/<form method="post" action="\/feedback"/);
    expect(html).toMatch(new RegExp(`name="key" value="${item.key}"`));
    expect(html).toMatch(/<button[^>]*name="helpful"[^>]*value="yes"/);
    expect(html).toMatch(/<button[^>]*name="helpful"[^>]*value="no"/);
  });

  it('stores one answer, shows it on the page, and a second answer changes it instead of adding one', async () => {
    const first = await postForm(baseUrl, '/feedback', { key: item.key, helpful: 'yes', next: item.href }, token);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${item.href}?feedback=thanks#feedback`);
    expect(answers(person.id, item.key)).toEqual([{ helpful: 1, comment: null }]);
    const page = await (await get(baseUrl, `${item.href}?feedback=thanks`, token)).text();
    expect(page).toContain('aria-pressed="true"');
    const before = total();
    const second = await postForm(baseUrl, '/feedback', { key: item.key, helpful: 'no', comment: '  権限の設定が\r\nわかりにくい  ' }, token);
    expect(second.headers.get('location')).toBe(`${item.href}?feedback=changed#feedback`);
    expect(answers(person.id, item.key)).toEqual([{ helpful: 0, comment: '権限の設定が\nわかりにくい' }]);
    expect(total()).toBe(before);
  });

  it.each([
    ['no choice', { helpful: '' }, 400],
    ['an unknown choice', { helpful: 'maybe' }, 400],
    ['a comment over 1,000 characters', { helpful: 'no', comment: 'あ'.repeat(1001) }, 400],
    ['an unknown item', { helpful: 'yes', key: 'no-such-item' }, 404],
  ])('refuses %s with %s and stores nothing', async (_label, fields, status) => {
    const before = query(databasePath, 'SELECT * FROM item_feedback ORDER BY user_id, content_key');
    const res = await postForm(baseUrl, '/feedback', { key: item.key, ...fields }, token);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain('<html');
    expect(query(databasePath, 'SELECT * FROM item_feedback ORDER BY user_id, content_key')).toEqual(before);
  });

  it('a Globex customer cannot answer for an Acme-only item (404, nothing stored); signed out → 401; staff → 403', async () => {
    const acmeOnly = acmeOnlyItems[0]!;
    const before = total();
    const globex = await signIn(baseUrl, 'user@globex.example');
    expect((await postForm(baseUrl, '/feedback', { key: acmeOnly.key, helpful: 'no' }, globex)).status).toBe(404);
    expect((await postForm(baseUrl, '/feedback', { key: item.key, helpful: 'no' })).status).toBe(401);
    const author = await signIn(baseUrl, 'author@jisou.test');
    expect((await postForm(baseUrl, '/feedback', { key: item.key, helpful: 'no' }, author)).status).toBe(403);
    expect(total()).toBe(before);
  });
});

describe('what authors see', () => {
  it('/manage/feedback lists helpful % per item and the comment, without names or emails', async () => {
    const author = await signIn(baseUrl, 'author@jisou.test');
    const res = await get(baseUrl, `/manage/feedback?key=${encodeURIComponent(item.key)}`, author);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(escapeHtml('権限の設定が'));
    expect(html).not.toContain(person.email);
    expect(html).not.toMatch(/[a-z0-9._-]+@(acme|globex)\.example/);
    // The per-item figures agree with the database.
    const row = query<{ answers: number; helpful: number }>(databasePath, `SELECT count(*) AS answers, sum(${HELPFUL}) AS helpful FROM item_feedback WHERE content_key = ?`, item.key)[0]!;
    const csv = await (await get(baseUrl, '/manage/kpi/export/feedback-items.csv', author)).text();
    const line = csv.split('\n').find((l) => titles.some((title) => l.includes(title)));
    expect(line, 'the item is in the CSV').toBeDefined();
    expect(line).toContain(`,${row.answers},`);
    expect(line).toContain(String(Math.round((row.helpful / row.answers) * 1000) / 10));
  });

  it('"where to write next" on the volume page names pages readers found unhelpful', async () => {
    const author = await signIn(baseUrl, 'author@jisou.test');
    // The author's saved language is Japanese.
    const html = await (await get(baseUrl, '/manage/kpi/volume', author)).text();
    const poor = query<{ key: string }>(databasePath, `SELECT content_key AS key FROM item_feedback GROUP BY content_key HAVING count(*) >= 2 AND 100.0 * sum(${HELPFUL}) / count(*) < 50`);
    expect(poor.length, 'the demo seed rates some pages poorly').toBeGreaterThan(0);
    expect(html).toContain('書き直し:「');
  });
});
