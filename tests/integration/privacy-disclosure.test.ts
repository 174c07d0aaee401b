import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { COOKIE, createTestPerson, get, postForm, query, signIn } from '../support/auth.ts';
import { customersOnlyItems } from '../support/gated-content.ts';
import { afterFlush, newViewId, track } from '../support/tracking.ts';

// Tracking disclosure (issue 13, item 9): a plain page says what is measured, who sees it and how long raw
// data is kept (from the retention config), linked from every footer and the profile; a person downloads
// their own data as CSV — their rows only, never another person's.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const [mine, theirs] = [...new Map(customersOnlyItems.map((i) => [i.key, i])).values()];

let me: { id: string; token: string };
let other: { id: string; token: string };

async function person() {
  const p = await createTestPerson(databasePath);
  return { id: p.id, token: await signIn(baseUrl, p.email, p.password) };
}

/** A page view with 2 s of reading, through the real ingest. */
async function read(token: string, key: string) {
  const view = newViewId();
  const cookie = `${COOKIE}=${token}`;
  await track(baseUrl, { v: 1, view, key, events: [{ t: 'view' }] }, { cookie });
  await new Promise((r) => setTimeout(r, 1100));
  expect((await track(baseUrl, { v: 1, view, key, events: [{ t: 'beat', ms: 1000, depth: 60 }] }, { cookie })).status).toBe(204);
}

beforeAll(async () => {
  expect(mine && theirs).toBeTruthy();
  [me, other] = [await person(), await person()];
  await read(me.token, mine!.key);
  await read(other.token, theirs!.key);
  expect((await postForm(baseUrl, '/feedback', { key: mine!.key, helpful: 'yes', comment: 'my-own-comment' }, me.token)).status).toBe(303);
  expect((await postForm(baseUrl, '/feedback', { key: theirs!.key, helpful: 'no', comment: 'someone-elses-secret' }, other.token)).status).toBe(303);
  await afterFlush();
}, 30_000);

describe('the disclosure page', () => {
  it('says in Japanese what is measured, who sees it and the configured retention, for visitors too', async () => {
    const html = await (await get(baseUrl, '/privacy', undefined, { 'accept-language': 'ja' })).text();
    expect(html).toContain('計測している内容と、見ることができる人');
    for (const words of ['読んでいた時間', 'ウェビナー動画', '表示回数', 'アンケートの回答', '貴社)の管理者', 'カスタマーサクセス担当']) expect(html).toContain(words);
    // The default retention (JISOU_TRACK_RETENTION_DAYS=730) is what the page states.
    expect(html).toMatch(/data-retention-days="730"[^>]*>[^<]*730 日後に削除/);
    // Signed out: no download link, a way to sign in instead.
    expect(html).not.toContain('href="/me/data.csv"');
    expect(html).toContain('/login?next=%2Fprivacy');
  });

  it('is in English for an English reader and offers the download once signed in', async () => {
    const html = await (await get(baseUrl, '/privacy', me.token, { cookie: `${COOKIE}=${me.token}; jisou_locale=en` })).text();
    expect(html).toContain('What we measure and who sees it');
    expect(html).toContain('are deleted after 730 days');
    expect(html).toContain('href="/me/data.csv"');
  });

  it('is linked from the footer of every page and from the profile', async () => {
    expect(await (await get(baseUrl, '/')).text()).toMatch(/<footer[\s\S]*href="\/privacy"/);
    expect(await (await get(baseUrl, '/profile', me.token)).text()).toContain('href="/privacy"');
  });
});

describe('downloading my data', () => {
  it('sends visitors to sign in', async () => {
    const res = await get(baseUrl, '/me/data.csv');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fprivacy');
  });

  it('holds my events, daily totals, progress and feedback, and nothing of anybody else', async () => {
    const res = await get(baseUrl, '/me/data.csv', me.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="my-data-\d{4}-\d\d-\d\d\.csv"/);
    const text = await res.text();
    const [header, ...rows] = parse(text.replace(/^\uFEFF/, '')) as string[][];
    // The person's language is Japanese: headers too.
    expect(header).toEqual(['種類', '日時', '対象', '項目', '値', '詳細']);
    const sources = new Set(rows.map((r) => r[0]));
    expect([...sources].sort()).toEqual(['daily', 'event', 'feedback', 'progress']);
    // Every raw event of mine is there, and only items I touched.
    const events = query<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM tracking_events WHERE user_id = ?', me.id)[0]!.n;
    expect(events).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r[0] === 'event')).toHaveLength(events);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set([mine!.key]));
    expect(rows.find((r) => r[0] === 'feedback')).toEqual(['feedback', expect.any(String), mine!.key, 'helpful', '1', 'my-own-comment']);
    expect(rows.find((r) => r[0] === 'daily' && r[3] === 'views')?.[4]).toBe('1');

    // The other person's rows (another item, their comment, their id) never appear.
    expect(text).not.toContain('someone-elses-secret');
    expect(text).not.toContain(theirs!.key);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain(me.id);
  });

  it('the other person gets theirs, not mine', async () => {
    const text = await (await get(baseUrl, '/me/data.csv', other.token)).text();
    expect(text).toContain('someone-elses-secret');
    expect(text).not.toContain('my-own-comment');
    expect(text).not.toContain(`,${mine!.key},`);
  });
});
