// A customer answers the due survey on a phone in Chromium, and the manager's account page shows the new
// stage (issue 16: surveys decide stages A–E).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { createTestPerson } from '../support/auth.ts';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const db = openDatabase(databasePath);
let browser: Browser;
let accountId: string;
let personId: string;

beforeAll(async () => {
  browser = await launchChromium();
  // A fresh account 40 days into its contract: the day-30 onboarding survey is due.
  accountId = `acct-phone-${Date.now()}`;
  const raw = new Database(databasePath);
  raw.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, 'スマホ回答株式会社', 'tech', 'starter', ?, 0, 0)`)
    .run(accountId, accountId.slice(5), new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10));
  raw.close();
  personId = (await createTestPerson(databasePath, { accountId })).id;
});
afterAll(async () => {
  await browser?.close();
  db.$client.close();
});

async function signedIn(userId: string, width: number) {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width, height: 844 }, isMobile: width < 600, hasTouch: width < 600 });
  const token = generateSessionToken();
  createSession(userId, token, db);
  await ctx.addCookies([{ name: 'jisou_session', value: token, url: baseUrl }, { name: 'jisou_locale', value: 'ja', url: baseUrl }]);
  return ctx.newPage();
}

describe('answering a survey on a phone', () => {
  it('home shows the due survey; the customer saves, comes back, submits; the page fits 390 px; the account moves from D to C', async () => {
    const manager = db.$client.prepare("SELECT id FROM users WHERE email = 'manager@jisou.test'").get() as { id: string };
    const staff = await signedIn(manager.id, 1280);
    await staff.goto(`${baseUrl}/manage/kpi/accounts/${accountId}`);
    expect(await staff.locator('.kpi-card .value').first().textContent()).toBe('D');

    const page = await signedIn(personId, 390);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: '導入30日アンケート' }).click();
    await page.waitForURL('**/surveys/onboarding-day30');
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Submitting with nothing chosen keeps the person on the page with the reason.
    await page.getByRole('button', { name: '回答を送信する' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    // Tap a scale value and save for later.
    await page.locator('label:has(input[name="q.setup-ease"][value="4"])').tap();
    await page.getByRole('button', { name: '保存して後で続ける' }).click();
    await page.waitForURL('**/surveys/onboarding-day30?done=saved');
    await page.goto(`${baseUrl}/surveys/onboarding-day30`);
    expect(await page.locator('input[name="q.setup-ease"][value="4"]').isChecked()).toBe(true);
    await page.getByLabel('一部はまだ難しい').check();
    await page.getByRole('button', { name: '回答を送信する' }).click();
    await page.waitForURL('**/surveys/onboarding-day30?done=submitted');
    expect(await page.locator('h1').textContent()).toContain('ご回答ありがとうございました');
    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('link', { name: '導入30日アンケート' }).count()).toBe(0);

    await staff.reload();
    expect(await staff.locator('.kpi-card .value').first().textContent()).toBe('C');
    expect(await staff.locator('[data-stage-facts]').textContent()).toContain('1');
  });
});
