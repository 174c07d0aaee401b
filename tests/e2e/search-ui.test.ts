import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildSearchIndexes } from '../../src/lib/server/search/build-index.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/search-content');

describe('search in the browser', () => {
  let dir: string;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisou-search-ui-'));
    await buildSearchIndexes(FIXTURE, join(dir, 'search'));
    server = await startTestServer({ JISOU_SEARCH_DIR: join(dir, 'search') });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'ja-JP' });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('header box (/ shortcut) → results with type, level and highlight → keyboard opens a result', async () => {
    await page.goto(`${server.baseUrl}/search`);
    await page.locator('form[data-search-page][data-ready="true"]').waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('/');
    // On the search page the shortcut focuses the page's own field; use the header box explicitly too.
    await page.locator('[data-search-box] input[name="q"]').fill('権限設定');
    await page.locator('[data-search-box] input[name="q"]').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();

    const first = page.locator('.search-hit').first();
    await expect(first.locator('a.search-hit-link').textContent()).resolves.toBe('ダッシュボードの権限設定');
    await expect(first.locator('.search-hit-type').textContent()).resolves.toBe('導入マニュアル');
    await expect(first.locator('.search-hit-level').textContent()).resolves.toContain('レベル1');
    expect(await first.locator('.search-hit-excerpt mark').count()).toBeGreaterThan(0);
    // Signed out: the customers-only and restricted items are not offered.
    expect(await page.locator('.search-hit').count()).toBe(1);

    await page.locator('form[data-search-page] input[name="q"]').press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/manuals/permission-setup');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/manuals\/permission-setup$/);
    expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
  });

  it('the / key focuses the header search box on any portal page, and Enter opens the results', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-search-box]') !== null)).toBe(true);
    await page.keyboard.type('権限');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();
    expect(await page.locator('.search-hit').count()).toBeGreaterThan(0);
  });

  it('the / key focuses the search field from anywhere on the search page', async () => {
    await page.goto(`${server.baseUrl}/search`);
    await page.locator('form[data-search-page][data-ready="true"]').waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('q');
  });

  it('filters by type and finds English words and partial Japanese words', async () => {
    await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent('レポート')}`);
    await page.locator('form[data-search-page][data-state="done"]').waitFor();
    expect(await page.locator('.search-hit a').first().getAttribute('href')).toBe('/articles/getting-started-guide');
    await page.selectOption('select[name="type"]', 'manual');
    await page.waitForFunction(() => document.querySelectorAll('.search-hit').length === 0);
    expect(page.url()).toContain('type=manual');
    await page.selectOption('select[name="type"]', '');
    await page.locator('form[data-search-page] input[name="q"]').fill('ダッシュ');
    await page.waitForFunction(() => document.querySelector('form[data-search-page]')?.getAttribute('data-query') === 'ダッシュ');
    expect(await page.locator('.search-hit a').first().getAttribute('href')).toBe('/manuals/permission-setup');
  });

  it('the header with its search box fits a 360 px wide phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(`${server.baseUrl}/search?q=${encodeURIComponent('権限')}`);
    await phone.locator('form[data-search-page][data-state="done"]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.close();
  });
});

describe('Japanese search the way customers type, on the Japanese UI', () => {
  let dir: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisou-search-ja-'));
    await buildSearchIndexes(FIXTURE, join(dir, 'search'));
    server = await startTestServer({ JISOU_SEARCH_DIR: join(dir, 'search') });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function searchFor(page: Page, query: string): Promise<void> {
    await page.locator('form[data-search-page] input[name="q"]').fill(query);
    await page.waitForFunction((q) => document.querySelector('form[data-search-page]')?.getAttribute('data-query') === q, query);
  }

  it('a question finds its page; an unknown word shows nothing above the divider and counts as a gap', async () => {
    const page = await browser.newPage({ locale: 'ja-JP' });
    await page.goto(`${server.baseUrl}/search`);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.locator('form[data-search-page][data-ready="true"]').waitFor();

    await searchFor(page, 'ダッシュボードの権限はどこで設定できますか');
    expect(await page.locator('.search-hit:not(.search-hit-related) a').first().getAttribute('href')).toBe('/manuals/permission-setup');
    // The page language is restored after Pagefind started in the index's language.
    expect(await page.getAttribute('html', 'lang')).toBe('ja');

    const gap = page.waitForRequest((r) => r.url().endsWith('/api/search/gaps') && r.method() === 'POST');
    // No page has 委譲; Pagefind's fallback answers it with a page holding a shorter prefix.
    await searchFor(page, '権限委譲');
    expect(await page.locator('.search-hit:not(.search-hit-related)').count()).toBe(0);
    expect(await page.locator('.search-hit-related').count()).toBeGreaterThan(0);
    expect(await page.locator('.search-related-divider').textContent()).toContain('関連');
    expect(await page.locator('#search-status').textContent()).toContain('権限委譲');
    await page.locator('form[data-search-page] input[name="q"]').press('Enter');
    expect((await gap).postDataJSON()).toEqual({ query: '権限委譲' });
    await page.close();
  });
});
