// Printing a content page (issue 13, item 14): on paper the content, its title, date and address; no
// header, search, navigation, table of contents, feedback form or footer. On screen nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { items, hrefOf, isPublic } from '../support/portal-catalog.ts';

let server: TestServer;
let browser: Browser;
const manual = items.find((i) => i.type === 'manual' && isPublic(i) && i.data.locale === 'ja' && /^## /m.test(i.body ?? ''))!;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const HIDDEN_ON_PAPER = ['.site-header', '.search-box', '.site-nav', '.toc', '.series', '.helpful', '.site-footer'];
const shown = (page: Page, selector: string) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length > 0), selector);

describe('print stylesheet', () => {
  let page: Page;
  beforeAll(async () => {
    expect(manual).toBeTruthy();
    page = await browser.newPage({ locale: 'ja-JP' });
    await page.goto(`${server.baseUrl}${hrefOf(manual)}`);
  });

  it('on screen: the chrome is there and the print facts are not', async () => {
    for (const s of ['.site-header', '.toc', '.site-footer', '.helpful']) expect(await shown(page, s), s).toBe(true);
    expect(await shown(page, '.item-page__print-facts')).toBe(false);
  });

  it('on paper: title, date, address and the content; no header, search, nav, TOC, feedback or footer', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const s of HIDDEN_ON_PAPER) expect(await shown(page, s), s).toBe(false);
    expect(await shown(page, 'h1')).toBe(true);
    expect(await shown(page, 'article.prose')).toBe(true);
    const facts = (await page.locator('.item-page__print-facts').textContent())!.replace(/\s+/g, ' ');
    expect(await shown(page, '.item-page__print-facts')).toBe(true);
    expect(facts).toMatch(/公開日: \d{4}\/\d{2}\/\d{2}/);
    expect(facts).toContain(`オンライン版: http://`);
    expect(facts).toContain(hrefOf(manual));
    // The page prints as a PDF (Chromium's print path runs the stylesheet end to end).
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
  });
});
