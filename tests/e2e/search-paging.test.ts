// The /search results page over the demo index (the build's own): every result can be reached with
// "more", the count agrees with what is listed, and a page in the other language is marked as such
// (an item with a translation in the reader's language shows that translation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { COOKIE, signIn } from '../support/auth.ts';
import { items } from '../support/portal-catalog.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Staff read every tier: the whole published catalogue is searchable for them. */
async function staffContext(locale: 'ja' | 'en'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US', viewport: { width: 1280, height: 800 } });
  await ctx.addCookies([
    { name: COOKIE, value: await signIn(server.baseUrl, 'admin@jisou.test'), url: server.baseUrl },
    { name: 'jisou_locale', value: locale, url: server.baseUrl },
  ]);
  return ctx;
}

const keysOf = (type: string) => [...new Set(items.filter((i) => i.type === type).map((i) => i.data.key as string))];

describe('search results page', () => {
  it('lists every result with "more", ten at a time, and the count matches the list (ja)', async () => {
    const articles = keysOf('article');
    expect(articles.length).toBeGreaterThan(10);
    const ctx = await staffContext('ja');
    const page = await ctx.newPage();
    await page.goto(`${server.baseUrl}/search?type=article`);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();
    expect(await page.locator('.search-hit').count()).toBe(10);
    expect(await page.locator('#search-status').textContent()).toBe(`${articles.length} 件見つかりました(10 件を表示中)`);
    const more = page.locator('#search-more');
    expect(await more.isVisible()).toBe(true);
    expect(await more.textContent()).toBe('さらに表示');

    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-hit').length === n, articles.length);
    expect(await more.isVisible()).toBe(false);
    expect(await page.locator('#search-status').textContent()).toBe(`${articles.length} 件見つかりました`);
    const hrefs = await page.locator('a.search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(hrefs).size).toBe(articles.length);
    expect([...hrefs].sort()).toEqual(articles.map((k) => `/articles/${k}`).sort());
    // Keyboard readers continue at the first newly shown result.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(hrefs[10]);

    // A new query starts again at the first page.
    await page.locator('form[data-search-page] input[name="q"]').fill('タグ');
    await page.waitForFunction(() => document.querySelector('form[data-search-page]')?.getAttribute('data-query') === 'タグ');
    expect(await page.locator('.search-hit').count()).toBeLessThanOrEqual(10);
    await ctx.close();
  });

  it('an English reader gets the English translation and sees Japanese-only pages marked (en)', async () => {
    const manuals = items.filter((i) => i.type === 'manual');
    const translated = new Set(manuals.filter((i) => i.data.locale === 'en').map((i) => i.data.key as string));
    const japaneseOnly = keysOf('manual').filter((k) => !translated.has(k));
    expect(translated.size).toBeGreaterThan(0);
    expect(japaneseOnly.length).toBeGreaterThan(0);

    const ctx = await staffContext('en');
    const page = await ctx.newPage();
    await page.goto(`${server.baseUrl}/search?type=manual`);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();
    while (await page.locator('#search-more').isVisible()) {
      const n = await page.locator('.search-hit').count();
      await page.locator('#search-more').click();
      await page.waitForFunction((c) => document.querySelectorAll('.search-hit').length > c || document.getElementById('search-more')!.hidden, n);
    }
    const hits = await page.locator('.search-hit').evaluateAll((lis) =>
      lis.map((li) => ({
        href: li.querySelector('a')!.getAttribute('href')!,
        lang: li.getAttribute('lang'),
        badge: li.querySelector('.search-hit-language')?.textContent ?? null,
      })),
    );
    expect(hits).toHaveLength(keysOf('manual').length);
    for (const key of translated) {
      const hit = hits.find((h) => h.href.startsWith(`/manuals/${key}`))!;
      expect(hit, key).toMatchObject({ href: `/manuals/${key}?lang=en`, lang: null, badge: null });
    }
    for (const key of japaneseOnly) {
      const hit = hits.find((h) => h.href === `/manuals/${key}`)!;
      expect(hit, key).toMatchObject({ lang: 'ja', badge: 'In Japanese' });
    }
    await ctx.close();
  });
});
