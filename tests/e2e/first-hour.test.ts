// The first hour of a new customer, in Chromium, in ja and en, at desktop (1280) and phone (390) width:
// home → "start here" → step 1 → (read part of it) → "continue" reopens at the saved position →
// (finish it) → home now starts at step 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { en, ja, pickFor, CUSTOMER, hrefOf, titleOf, items } from '../support/portal-catalog.ts';
import { BROWSER_UA, createPerson } from '../support/tracking.ts';
import { query } from '../support/auth.ts';

// The real tracker and ingest with a 2 s heartbeat (configuration, not different logic) so a test does
// not wait 15 s for reading progress to land.
let server: TestServer;
let baseUrl: string;
let databasePath: string;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ JISOU_TRACK_HEARTBEAT_SECONDS: '2', JISOU_TRACK_FLUSH_MS: '200' });
  ({ baseUrl, databasePath } = server);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** The onboarding series in order, as a reader of `locale` gets it. */
function onboardingSteps(locale: 'ja' | 'en') {
  const keys = [...new Set(items.filter((i) => i.type === 'manual' && i.data.series === 'onboarding').map((i) => i.data.key as string))];
  return keys.map((k) => pickFor(CUSTOMER, k, locale)!).sort((a, b) => (a.data.order as number) - (b.data.order as number));
}

async function newCustomer(locale: 'ja' | 'en', viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; userId: string }> {
  // A person's browser, not "HeadlessChrome": the ingest rightly ignores headless browsers.
  const ctx = await browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US', viewport, userAgent: BROWSER_UA });
  const person = createPerson(databasePath);
  const [name, ...value] = person.cookie.split('=');
  await ctx.addCookies([
    { name: name!, value: value.join('='), url: baseUrl },
    { name: 'jisou_locale', value: locale, url: baseUrl },
  ]);
  return { ctx, userId: person.userId };
}

/** Reading depth as the tracker measures it. */
const depthOf = (page: Page) => page.evaluate(() => Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100));

/**
 * Scroll like a person (wheel input, so the tracker sees activity) until the depth reaches `percent`, then wait
 * until the server holds the depth reached (its heartbeats carry it; on a loaded machine the last one may come
 * later than a fixed pause allows), so home is judged on what was read.
 */
async function readTo(page: Page, userId: string, percent: number) {
  await page.mouse.move(200, 200);
  for (let i = 0; i < 200 && (await depthOf(page)) < percent; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(30);
  }
  const depth = await depthOf(page);
  for (let i = 0; i < 60; i++) {
    const [row] = query(databasePath, 'SELECT max(max_depth) AS d FROM tracking_progress WHERE user_id = ?', userId) as { d: number | null }[];
    if ((row?.d ?? 0) >= depth - 3) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`the server never saved reading depth ${depth} %: ${JSON.stringify(query(databasePath, 'SELECT content_key, max_depth FROM tracking_progress WHERE user_id = ?', userId))}`);
}

/** Reload home until the ingest's batch has landed and the card shows what we expect. */
async function homeUntil(page: Page, ready: () => Promise<boolean>) {
  for (let i = 0; i < 40; i++) {
    await page.goto(`${baseUrl}/`);
    if (await ready()) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`home never showed the expected card; progress rows: ${JSON.stringify(query(databasePath, 'SELECT content_key, active_ms, max_depth, completed_at, user_id FROM tracking_progress ORDER BY updated_at DESC LIMIT 3'))}; events: ${JSON.stringify(query(databasePath, 'SELECT kind, content_key, user_id FROM tracking_events ORDER BY rowid DESC LIMIT 3'))}`);
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a new customer\'s first hour', () => {
  for (const locale of ['ja', 'en'] as const) {
    for (const viewport of WIDTHS) {
      it(`home → start card → step 1 → continue at the saved position → step 2 (${locale}, ${viewport.width} px)`, async () => {
        const m = locale === 'ja' ? ja : en;
        const steps = onboardingSteps(locale);
        expect(steps.length).toBeGreaterThan(2);
        const { ctx, userId } = await newCustomer(locale, viewport);
        const page = await ctx.newPage();
        await page.goto(`${baseUrl}/`);

        // Where to start is on the first screen, naming step 1 of n with its minutes.
        const start = page.locator('[data-start-card]');
        const box = (await start.boundingBox())!;
        expect(box.y + box.height).toBeLessThan(viewport.height);
        const stepText = m['portal.manual.step']!.replace('{position}', '1').replace('{total}', String(steps.length));
        expect(await start.innerText()).toContain(stepText);
        expect(await start.innerText()).toContain(titleOf(steps[0]!));
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        // Phones: level 1 comes before level 5 for a newcomer.
        const levels = await page.locator('#pyramid [data-level]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
        if (viewport.width < 600) expect(levels[0]!).toBeLessThan(levels[4]!);

        await start.locator('a').click();
        await page.waitForURL(`**${hrefOf(steps[0]!)}`);
        expect(await page.locator('h1').innerText()).toBe(titleOf(steps[0]!));

        // Read part of step 1 and leave: home offers to continue there.
        await readTo(page, userId, 55);
        const readDepth = await depthOf(page);
        const cont = page.locator('[data-continue-card]');
        await homeUntil(page, async () => (await cont.count()) > 0);
        expect(await cont.innerText()).toContain(titleOf(steps[0]!));
        const saved = Number(/(\d+)\s*%/.exec(await cont.innerText())![1]);
        expect(Math.abs(saved - readDepth)).toBeLessThanOrEqual(3);
        await cont.locator('a').click();
        await page.waitForURL(`**${hrefOf(steps[0]!)}`);
        await page.waitForFunction(() => scrollY > 0);
        expect(Math.abs((await depthOf(page)) - saved)).toBeLessThanOrEqual(3);
        expect(page.url()).not.toContain('#resume');

        // Finish step 1: home now starts at step 2, and it opens.
        await readTo(page, userId, 100);
        await homeUntil(page, async () => (await start.innerText()).includes(titleOf(steps[1]!)));
        expect(await start.innerText()).toContain(m['portal.manual.step']!.replace('{position}', '2').replace('{total}', String(steps.length)));
        await start.locator('a').click();
        await page.waitForURL(`**${hrefOf(steps[1]!)}`);
        expect(await page.locator('h1').innerText()).toBe(titleOf(steps[1]!));
        await ctx.close();
      });
    }

    it(`/manuals and /levels/1 list the onboarding series first, in order, with step and minutes (${locale})`, async () => {
      const m = locale === 'ja' ? ja : en;
      const steps = onboardingSteps(locale);
      const { ctx } = await newCustomer(locale, WIDTHS[1]!);
      const page = await ctx.newPage();
      for (const path of ['/manuals', '/levels/1']) {
        await page.goto(`${baseUrl}${path}`);
        const cards = page.locator('main .item-card');
        const first = await cards.evaluateAll((els) => els.slice(0, 6).map((e) => e.querySelector('a')!.getAttribute('href')));
        expect(first, path).toEqual(steps.slice(0, 6).map(hrefOf));
        const text = await cards.first().innerText();
        expect(text).toContain(m['portal.manual.step']!.replace('{position}', '1').replace('{total}', String(steps.length)));
        expect(text).toContain(m['portal.manual.minutes']!.replace('{minutes}', String(steps[0]!.data.minutes)));
        expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      }
      await ctx.close();
    });
  }

  for (const viewport of WIDTHS) {
    it(`a chapter link seeks the webinar in place: no reload, and playing goes on (${viewport.width} px)`, async () => {
      const { ctx } = await newCustomer('ja', viewport);
      const page = await ctx.newPage();
      await page.goto(`${baseUrl}/webinars/webinar-kickoff-basics`);
      const video = page.locator('main video');
      await video.evaluate(async (v: HTMLVideoElement) => {
        v.muted = true;
        await v.play();
      });
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
      const chapter = page.locator('a[data-seek]').nth(1);
      const at = Number(await chapter.getAttribute('data-seek'));
      expect(at).toBeGreaterThan(0);
      await chapter.click();
      await page.waitForFunction((s) => (document.querySelector('main video') as HTMLVideoElement).currentTime >= s, at);
      // Same document (the marker survived), same URL, and the video still plays.
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
      expect(page.url()).not.toContain('t=');
      expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
      await ctx.close();
    });
  }

  it('a visitor gets a short explanation and the public ways in', async () => {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: WIDTHS[1] });
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/`);
    const guide = page.locator('[data-home-guide]');
    expect(await guide.locator('h2').innerText()).toBe((await import('../../src/i18n/ja/home.json', { with: { type: 'json' } })).default['home.visitor.title']);
    const links = await guide.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining([hrefOf(onboardingSteps('ja')[0]!), '/levels/1', '/search']));
    expect(links.some((l) => l?.startsWith('/login'))).toBe(true);
    await ctx.close();
  });
});
