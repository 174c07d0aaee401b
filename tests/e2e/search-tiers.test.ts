import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';

// What each person finds in the browser: restricted items only for the accounts they are meant for.
const SEGMENT_ITEM = { query: 'キャンバス', href: '/articles/article-qbr-preparation' }; // segments: [high]
const PLAN_ITEM = { query: '双方向同期', href: '/articles/article-salesforce-sync' }; // plans: [enterprise]

let browser: Browser;
const base = () => inject('baseUrl');

async function session(email?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'ja-JP' });
  if (email) {
    const page = await context.newPage();
    await page.goto(`${base()}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'jisou-demo');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.press('input[name="password"]', 'Enter')]);
  }
  return context;
}

/** Type into the search page of this session (one page per session, index loaded once). */
async function hrefsFor(context: BrowserContext, query: string): Promise<string[]> {
  const page = context.pages()[0] ?? (await context.newPage());
  if (!page.url().includes('/search')) {
    await page.goto(`${base()}/search`);
    await page.locator('form[data-search-page][data-ready="true"]').waitFor();
  }
  await page.locator('form[data-search-page] input[name="q"]').fill(query);
  await page.waitForFunction((q) => document.querySelector('form[data-search-page]')?.getAttribute('data-query') === q, query);
  return page.locator('.search-hit a.search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('search results per audience', () => {
  it('a signed-out visitor finds public items only', async () => {
    const visitor = await session();
    expect(await hrefsFor(visitor, SEGMENT_ITEM.query)).not.toContain(SEGMENT_ITEM.href);
    expect(await hrefsFor(visitor, PLAN_ITEM.query)).not.toContain(PLAN_ITEM.href);
    // Customers-only items stay out too (受信箱 is all over the customers-only manuals).
    const inbox = await hrefsFor(visitor, '共有受信箱');
    expect(inbox).not.toContain('/manuals/onboarding-shared-inbox');
    await visitor.close();
  });

  it('the high-touch enterprise customer finds its restricted items and can open them', async () => {
    const acme = await session('user@acme.example');
    expect((await hrefsFor(acme, SEGMENT_ITEM.query))[0]).toBe(SEGMENT_ITEM.href);
    expect((await hrefsFor(acme, PLAN_ITEM.query))[0]).toBe(PLAN_ITEM.href);
    const page = await acme.newPage();
    await page.goto(`${base()}/search?q=${encodeURIComponent(PLAN_ITEM.query)}`);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();
    await page.locator('.search-hit a.search-hit-link').first().click();
    await page.waitForURL(`**${PLAN_ITEM.href}`);
    expect((await page.goto(page.url()))?.status()).toBe(200);
    await acme.close();
  });

  it('another account does not find them', async () => {
    const globex = await session('user@globex.example');
    expect(await hrefsFor(globex, SEGMENT_ITEM.query)).not.toContain(SEGMENT_ITEM.href);
    expect(await hrefsFor(globex, PLAN_ITEM.query)).not.toContain(PLAN_ITEM.href);
    expect(await hrefsFor(globex, '共有受信箱')).toContain('/manuals/onboarding-shared-inbox');
    await globex.close();
  });
});

describe('the first query of a visit', () => {
  it('on a small portal every index chunk and fragment is loaded while the reader has not typed yet: a first query fetches none', async () => {
    // A customer of the demo reads one index of several tiers, cut into several chunks by Pagefind.
    const context = await session('user@acme.example');
    try {
      const page = await context.newPage();
      const chunks: string[] = [];
      const fragments: string[] = [];
      page.on('request', (r) => {
        if (/\/index\/[^/]+\.pf_index$/.test(r.url())) chunks.push(r.url());
        if (/\/fragment\/[^/]+\.pf_fragment$/.test(r.url())) fragments.push(r.url());
      });
      await page.goto(`${base()}/search`);
      await page.locator('form[data-search-page][data-warmed="true"]').waitFor();
      const loaded = chunks.length;
      expect(loaded).toBeGreaterThan(2);
      // Words from far apart in the vocabulary, so from different chunks.
      for (const q of ['アカウント', 'csv', 'ダッシュボード', 'ログイン', 'webhook', '請求書']) {
        await page.locator('form[data-search-page] input[name="q"]').fill(q);
        await page.waitForFunction((q) => {
          const f = document.querySelector<HTMLFormElement>('form[data-search-page]')!;
          return f.dataset.query === q && f.dataset.state === 'done';
        }, q);
      }
      expect(chunks.slice(loaded)).toEqual([]);
      // Every result's text came from the one fragment bundle loaded ahead.
      expect(fragments).toEqual([]);
      expect(await page.locator('.search-hit').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
