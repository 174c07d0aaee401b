import { beforeAll, describe, expect, inject, it } from 'vitest';
import { get, signIn } from '../support/auth.ts';

// Which index tiers each demo login is offered and may download, through the real server.
const base = () => inject('baseUrl');
let acme: string;
let globex: string;
let admin: string;

/** The tier ids the /search page hands to the browser. */
async function offeredTiers(cookie?: string): Promise<string[]> {
  const html = await (await get(base(), '/search', cookie)).text();
  return (/data-tiers="([^"]*)"/.exec(html)?.[1] ?? '').split(' ').filter(Boolean);
}

const status = async (tier: string, cookie?: string) => (await get(base(), `/search-index/${tier}/pagefind-entry.json`, cookie)).status;

beforeAll(async () => {
  [acme, globex, admin] = await Promise.all([
    signIn(base(), 'user@acme.example'),
    signIn(base(), 'user@globex.example'),
    signIn(base(), 'admin@jisou.test'),
  ]);
});

describe('search index tiers per session', () => {
  it('offers a signed-out visitor the public tier only, and refuses the others', async () => {
    expect(await offeredTiers()).toEqual(['public']);
    expect(await status('public')).toBe(200);
    for (const tier of ['customers', 'segment-high', 'plan-enterprise']) expect(await status(tier)).toBe(401);
  });

  it('gives the high-touch enterprise customer its segment and plan tiers', async () => {
    expect(await offeredTiers(acme)).toEqual(['public', 'customers', 'plan-enterprise', 'segment-high']);
    for (const tier of ['public', 'customers', 'segment-high', 'plan-enterprise']) expect(await status(tier, acme)).toBe(200);
  });

  it('keeps another account out of tiers it is not in', async () => {
    expect(await offeredTiers(globex)).toEqual(['public', 'customers']);
    expect(await status('segment-high', globex)).toBe(403);
    expect(await status('plan-enterprise', globex)).toBe(403);
    const res = await get(base(), '/search-index/segment-high/pagefind-entry.json', globex);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('never lets a gated tier sit in a shared cache', async () => {
    const res = await get(base(), '/search-index/segment-high/pagefind-entry.json', acme);
    expect(res.headers.get('cache-control')).toMatch(/private/);
  });

  it('shows staff every tier and the content-gap page; customers cannot open that page', async () => {
    expect(await offeredTiers(admin)).toEqual(['public', 'customers', 'plan-enterprise', 'segment-high']);
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
