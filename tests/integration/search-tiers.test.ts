import { beforeAll, describe, expect, inject, it } from 'vitest';
import { get, signIn } from '../support/auth.ts';

// Which search index each demo login is offered and may download, through the real server.
const base = () => inject('baseUrl');
let acme: string;
let globex: string;
let admin: string;

/** The index the /search page hands to the browser. */
async function offeredIndex(cookie?: string): Promise<string> {
  const html = await (await get(base(), '/search', cookie)).text();
  return /data-index="([^"]*)"/.exec(html)?.[1] ?? '';
}

// The demo's tiers: public, customers, segment-high, plan-enterprise.
const ALL = 'customers+segment-high+plan-enterprise';
const status = async (tier: string, cookie?: string) => (await get(base(), `/search-index/${tier}/pagefind-entry.json`, cookie)).status;

beforeAll(async () => {
  [acme, globex, admin] = await Promise.all([
    signIn(base(), 'user@acme.example'),
    signIn(base(), 'user@globex.example'),
    signIn(base(), 'admin@jisou.test'),
  ]);
});

describe('search index per session', () => {
  it('offers a signed-out visitor the public index only, and refuses the others', async () => {
    expect(await offeredIndex()).toBe('public');
    expect(await status('public')).toBe(200);
    for (const index of ['customers', 'customers+segment-high', 'customers+plan-enterprise', ALL]) expect(await status(index)).toBe(401);
  });

  it('gives the high-touch enterprise customer the index of its segment and plan', async () => {
    expect(await offeredIndex(acme)).toBe(ALL);
    for (const index of ['public', 'customers', 'customers+segment-high', 'customers+plan-enterprise', ALL]) expect(await status(index, acme)).toBe(200);
  });

  it('keeps another account out of indexes holding pages it may not read', async () => {
    expect(await offeredIndex(globex)).toBe('customers');
    for (const index of ['customers+segment-high', 'customers+plan-enterprise', ALL]) expect(await status(index, globex)).toBe(403);
    const res = await get(base(), `/search-index/${ALL}/pagefind-entry.json`, globex);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('never lets a gated index sit in a shared cache', async () => {
    const res = await get(base(), `/search-index/${ALL}/pagefind-entry.json`, acme);
    expect(res.headers.get('cache-control')).toMatch(/private/);
  });

  it('shows staff every tier and the content-gap page; customers cannot open that page', async () => {
    expect(await offeredIndex(admin)).toBe(ALL);
    await fetch(`${base()}/api/search/gaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base() },
      body: JSON.stringify({ query: 'オフライン対応' }),
    });
    const page = await get(base(), '/manage/search-gaps', admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('オフライン対応');
    expect((await get(base(), '/manage/search-gaps', acme)).status).toBe(403);
  });
});
