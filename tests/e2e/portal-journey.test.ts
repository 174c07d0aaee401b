import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { CUSTOMER, audienceOf, hrefOf, items, pickFor, signInCustomer, titleOf, visibleKeys } from '../support/portal-catalog.ts';
import { canView } from '../../src/lib/access.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
const visitorKeys = (type: 'manual') => visibleKeys(CUSTOMER, type);
const visitorPick = (key: string, locale: 'ja') => pickFor(CUSTOMER, key, locale);

/** A browser context signed in as a customer (most demo content is for customers). */
async function customerContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport });
  const [name, ...value] = signInCustomer(inject('databasePath')).split('=');
  await ctx.addCookies([{ name: name!, value: value.join('='), url: baseUrl }]);
  return ctx;
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await customerContext({ width: 1280, height: 900 });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** A level-1 manual a Japanese customer can open that has a next step, with that next step. */
function manualWithNext() {
  const manuals = visitorKeys('manual').map((k) => visitorPick(k, 'ja')!);
  const order = (i: (typeof manuals)[number]) => i.data.order as number;
  for (const manual of manuals.filter((m) => m.data.level === 1).sort((a, b) => order(a) - order(b))) {
    const next = manuals
      .filter((m) => m.data.series === manual.data.series && order(m) > order(manual))
      .sort((a, b) => order(a) - order(b))[0];
    if (next) return { manual, next };
  }
  return undefined;
}

describe('a customer finds their way through the portal', () => {
  it('goes home → level 1 → a manual → its next step by clicking real links', async () => {
    const journey = manualWithNext();
    expect(journey, 'the content needs a level-1 manual with a next step').toBeDefined();
    const { manual, next } = journey!;
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator('#pyramid a[href="/levels/1"]').first().click();
    await page.waitForURL('**/levels/1');
    expect(await page.locator('h1').innerText()).toContain('導入マニュアル');

    await page.locator(`main a[href="${hrefOf(manual)}"]`).first().click();
    await page.waitForURL(`**${hrefOf(manual)}`);
    expect(await page.locator('h1').innerText()).toBe(titleOf(manual));

    await page.locator('a[rel="next"]').click();
    await page.waitForURL(`**${hrefOf(next)}`);
    expect(await page.locator('h1').innerText()).toBe(titleOf(next));
    expect(await page.locator('astro-island').count()).toBe(0);
    await page.close();
  });

  it('plays the webinar video: currentTime advances', async () => {
    const webinar = items.find((i) => i.type === 'webinar' && canView(CUSTOMER, audienceOf(i)));
    expect(webinar, 'the content needs a webinar').toBeDefined();
    const page = await context.newPage();
    await page.goto(`${baseUrl}${hrefOf(webinar!)}`);
    const video = page.locator('main video').first();
    await video.waitFor();
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true; // autoplay policy: muted playback needs no user gesture
      await v.play();
    });
    await page.waitForFunction(() => (document.querySelector('main video') as HTMLVideoElement).currentTime > 0.5, null, {
      timeout: 15_000,
    });
    expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
    await page.close();
  });

  it('fits a 360 px wide phone without sideways scrolling', async () => {
    const small = await customerContext({ width: 360, height: 740 });
    const page = await small.newPage();
    const manual = visitorPick(visitorKeys('manual')[0]!, 'ja')!;
    for (const path of ['/', '/manuals', hrefOf(manual)]) {
      await page.goto(`${baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await small.close();
  });
});
