import { describe, expect, inject, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { COOKIE, get, signIn } from '../support/auth.ts';

// No codes in the Japanese UI (issue 13, item 7): plans, roles, segments, product areas, locales and levels
// show their labels from the one label table (src/lib/labels.ts) on admin pages, dashboards, filters and in
// CSV exports; one date format per locale.
const baseUrl = inject('baseUrl');
const CODES = new Set(['starter', 'business', 'enterprise', 'customer', 'customer-admin', 'author', 'manager', 'admin', 'high', 'low', 'tech', 'ja', 'en', 'inbox', 'automation', 'integrations', 'reports', 'setup']);
const PAGES: [string, string][] = [
  ['admin@jisou.test', '/manage/accounts'],
  ['admin@jisou.test', '/manage/accounts/acct-acme'],
  ['manager@jisou.test', '/manage/kpi/viewing'],
  ['manager@jisou.test', '/manage/kpi/volume'],
  ['manager@jisou.test', '/manage/kpi/accounts'],
  ['manager@jisou.test', '/manage/kpi/accounts/acct-acme'],
  ['admin@acme.example', '/team/progress'],
  ['user@acme.example', '/articles'],
  ['user@acme.example', '/webinars'],
  ['user@acme.example', '/manuals'],
];

/** Visible text pieces of a page: what is between tags, outside scripts and styles, and option labels. */
function textPieces(html: string): string[] {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .split(/<[^>]+>/)
    .map((s) => s.trim().replace(/\(\d+\)$/, ''))
    .filter(Boolean);
}

const tokens = new Map<string, string>();
async function page(who: string, path: string): Promise<string> {
  if (!tokens.has(who)) tokens.set(who, await signIn(baseUrl, who));
  const res = await get(baseUrl, path, undefined, { cookie: `${COOKIE}=${tokens.get(who)}; jisou_locale=ja` });
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('labels, not codes, in the Japanese UI', () => {
  it.each(PAGES)('%s %s shows no plan, role, segment, area or locale code as text', async (who, path) => {
    const shown = textPieces(await page(who, path)).filter((s) => CODES.has(s));
    expect(shown).toEqual([]);
  });

  it('product-area filters and tags show the area label; the code stays in the URL', async () => {
    const html = await page('user@acme.example', '/articles');
    expect(html).toMatch(/<option value="inbox"[^>]*>共有受信箱\(\d+\)<\/option>/);
  });

  it('the volume page names thin levels with the language and level labels', async () => {
    const html = await page('manager@jisou.test', '/manage/kpi/volume');
    expect(html).not.toMatch(/\b(ja|en) · L\d/);
    expect(html).toMatch(/(日本語|English) · レベル\d/);
  });

  it('CSV exports carry labels too (plan and segment columns of the viewing table)', async () => {
    const res = await get(baseUrl, '/manage/kpi/export/viewing-accounts.csv', undefined, { cookie: `${COOKIE}=${await signIn(baseUrl, 'manager@jisou.test')}; jisou_locale=ja` });
    expect(res.status).toBe(200);
    const [header, ...rows] = parse((await res.text()).replace(/^\uFEFF/, '')) as string[][];
    const plan = header!.indexOf('プラン');
    expect(plan).toBeGreaterThanOrEqual(0);
    const plans = new Set(rows.map((r) => r[plan]));
    // The demo plans by their labels; no known plan code left (a plan without a label, as other tests
    // create, is shown as written).
    expect(plans.has('エンタープライズ')).toBe(true);
    for (const code of ['starter', 'business', 'enterprise']) expect(plans.has(code), code).toBe(false);
  });
});
