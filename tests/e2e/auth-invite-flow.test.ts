import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { createTestPerson, messages } from '../support/auth.ts';
import { customersOnlyItems } from '../support/gated-content.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const ja = messages('ja');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel(ja['auth.field.email']!).fill(email);
  await page.getByLabel(ja['auth.field.password']!, { exact: true }).fill(password);
  await page.getByRole('button', { name: ja['auth.login.submit'], exact: true }).click();
}

describe('invitation to first manual, in the browser', () => {
  it('admin invites → invitee sets name and password → signs in → opens a customers-only manual', async () => {
    const manual = customersOnlyItems.find((i) => i.href.startsWith('/manuals/') && i.locale === 'ja');
    expect(manual, 'the content needs a customers-only manual').toBeDefined();

    // The admin invites a new person to Globex from the account page.
    const admin = await newPage();
    await admin.page.goto(`${baseUrl}/login?next=${encodeURIComponent('/manage/accounts/acct-globex')}`);
    await signInWithForm(admin.page, 'admin@jisou.test', 'jisou-demo');
    await admin.page.waitForURL('**/manage/accounts/acct-globex');
    const invite = admin.page.locator('section', { has: admin.page.locator('#invite-h') });
    await invite.getByLabel(ja['manage.user.field.email']!).fill('browser.invitee@globex.example');
    await invite.getByRole('button', { name: ja['manage.account.invite'] }).click();
    const link = (await admin.page.getByTestId('one-time-link').textContent())!.trim();
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    await admin.context.close();

    // The invitee opens the link in their own browser, tries a weak password first, then a good one.
    const { context, page } = await newPage();
    await page.goto(link);
    await page.getByLabel(ja['auth.field.name']!).fill('ブラウザ 花子');
    await page.getByLabel(ja['auth.field.new_password']!, { exact: true }).fill('password123');
    await page.getByLabel(ja['auth.field.confirm_password']!, { exact: true }).fill('password123');
    await page.getByRole('button', { name: ja['auth.invite.submit'] }).click();
    await page.getByText(ja['auth.error.password_too_common']!).waitFor({ state: 'visible', timeout: 20_000 });
    await page.getByLabel(ja['auth.field.new_password']!, { exact: true }).fill('cedar-lighthouse-64');
    await page.getByLabel(ja['auth.field.confirm_password']!, { exact: true }).fill('cedar-lighthouse-64');
    await page.getByRole('button', { name: ja['auth.invite.submit'] }).click();
    await page.waitForURL('**/login?done=password_set**');
    await page.getByText(ja['auth.login.done.password_set']!).waitFor({ state: 'visible', timeout: 20_000 });

    // Visiting the manual first sends them to sign in, and back to the manual afterwards.
    await page.goto(`${baseUrl}${manual!.href}`);
    await page.waitForURL('**/login?next=**');
    await signInWithForm(page, 'browser.invitee@globex.example', 'cedar-lighthouse-64');
    await page.waitForURL(`**${manual!.href}`);
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 20_000 }).toContain(manual!.title);
    await expect.poll(() => page.locator('.account-menu__name').textContent(), { timeout: 20_000 }).toBe('ブラウザ 花子');

    // Signing out from the header menu ends the session.
    await page.locator('.account-menu summary').click();
    await page.getByRole('button', { name: ja['auth.header.logout'] }).click();
    await page.waitForURL('**/login?done=signed_out');
    await page.goto(`${baseUrl}${manual!.href}`);
    await page.waitForURL('**/login?next=**');
    await context.close();
  });

  it('a customer opening /manage is refused and sees why; no page trips the CSP', async () => {
    const { context, page } = await newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${baseUrl}/login`);
    await signInWithForm(page, 'user@acme.example', 'jisou-demo');
    await page.waitForURL(`${baseUrl}/`);
    const res = await page.goto(`${baseUrl}/manage`);
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toBe(ja['auth.forbidden.title']);
    const accounts = await page.goto(`${baseUrl}/manage/accounts`);
    expect(accounts?.status()).toBe(403);
    for (const path of ['/', '/profile', '/search?q=%E8%A8%AD%E5%AE%9A', customersOnlyItems[0]!.href]) await page.goto(`${baseUrl}${path}`);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('admin creates a reset link → the person sets a new password in the browser → signs in with it', async () => {
    const person = await createTestPerson(databasePath);
    const admin = await newPage();
    await admin.page.goto(`${baseUrl}/login?next=${encodeURIComponent(`/manage/accounts/users/${person.id}`)}`);
    await signInWithForm(admin.page, 'admin@jisou.test', 'jisou-demo');
    await admin.page.waitForURL(`**/manage/accounts/users/${person.id}`);
    await admin.page.getByRole('button', { name: ja['manage.user.reset_link'] }).click();
    const link = (await admin.page.getByTestId('one-time-link').textContent())!.trim();
    expect(link).toMatch(/\/reset-password\/[a-z2-7]{32}$/);
    await admin.context.close();

    const { context, page } = await newPage();
    await page.goto(link);
    await page.getByLabel(ja['auth.field.new_password']!, { exact: true }).fill('orchard-compass-73');
    await page.getByLabel(ja['auth.field.confirm_password']!, { exact: true }).fill('orchard-compass-73');
    await page.getByRole('button', { name: ja['auth.reset.save'] }).click();
    await page.waitForURL('**/login?done=password_reset**');
    await signInWithForm(page, person.email, 'orchard-compass-73');
    // The link is on the configured public origin (in development http://localhost:PORT), not the admin's Host.
    await page.waitForURL(new URL('/', link).href);
    await expect.poll(() => page.locator('.account-menu__name').textContent(), { timeout: 20_000 }).toContain('テスト');
    await context.close();
  });
});
