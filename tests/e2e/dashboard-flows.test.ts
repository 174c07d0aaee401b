import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Sign in through the real form with a demo login. */
async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'jisou-demo');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form[action^="/login"] button[type="submit"]').click()]);
  return page;
}

describe('dashboards in Chromium', () => {
  it('a manager signs in, reads the overview, opens an account and downloads a CSV', async () => {
    const page = await signIn('manager@jisou.test');
    await page.goto(`${baseUrl}/manage`);
    await page.locator('a[href="/manage/overview"]').first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('自走 KPI');
    await expect.poll(() => page.locator('.kpi-card').count()).toBeGreaterThanOrEqual(3);
    await page.locator('a[href="?period=90"]').click();
    await expect.poll(() => page.url()).toContain('period=90');
    await page.locator('.dash-top a[href="/manage/kpi/accounts"]').click();
    await page.locator('#accounts tbody a[href="/manage/kpi/accounts/acct-acme"]').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Acme');
    await expect.poll(() => page.locator('#health table').isVisible()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#account-users a.csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^jisou-account-users-acct-acme-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('admin@acme.example');
    await page.context().close();
  });

  it('a customer-admin sees only their own account under /team', async () => {
    const page = await signIn('admin@acme.example');
    const res = await page.goto(`${baseUrl}/team/progress?account=acct-globex`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain('Acme');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain('Globex');
    expect(await page.locator('a[href^="/manage"]').count()).toBe(0);
    await page.context().close();
  });

  it('a customer cannot open /manage', async () => {
    const page = await signIn('user@acme.example');
    const res = await page.goto(`${baseUrl}/manage/overview`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('.kpi-card').count()).toBe(0);
    await page.context().close();
  });
});
