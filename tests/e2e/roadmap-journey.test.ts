// Issue 17 in Chromium: a new customer sees the stage 1 actions of their roadmap, reads the item of a
// `content` action and sees it done, ticks a `confirm` action, and the CSM's account page shows the new position.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { createTestPerson } from '../support/auth.ts';
import { BROWSER_UA } from '../support/tracking.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';

let server: TestServer;
let browser: Browser;
let accountId: string;
let personId: string;

beforeAll(async () => {
  // Engagement after 3 s of active reading (30 s by default) keeps the journey short; the rule is the same.
  server = await startTestServer({ JISOU_ENGAGED_SECONDS: '3', JISOU_TRACK_HEARTBEAT_SECONDS: '1', JISOU_TRACK_FLUSH_MS: '200' });
  browser = await launchChromium();
  accountId = `acct-journey-${Date.now()}`;
  const raw = new Database(server.databasePath);
  raw.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, csm_user_id, created_at, updated_at) VALUES (?, ?, 'ロードマップ体験株式会社', 'tech', 'starter', ?, 'staff-manager', 0, 0)`)
    .run(accountId, accountId.slice(5), new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
  raw.close();
  personId = (await createTestPerson(server.databasePath, { accountId })).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(userId: string): Promise<Page> {
  const db = openDatabase(server.databasePath);
  const token = generateSessionToken();
  createSession(userId, token, db);
  db.$client.close();
  // A desktop browser's user agent: the tracker ignores headless ones as bots.
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, userAgent: BROWSER_UA });
  await ctx.addCookies([{ name: 'jisou_session', value: token, url: server.baseUrl }, { name: 'jisou_locale', value: 'ja', url: server.baseUrl }]);
  return ctx.newPage();
}

const action = (page: Page, id: string) => page.locator(`[data-action-id="${id}"]`);

describe('a new customer on their success roadmap', () => {
  it('sees stage 1, reads a content action done, ticks a confirm action; the CSM sees the new position', async () => {
    const staff = await signedIn('staff-manager');
    await staff.goto(`${server.baseUrl}/manage/kpi/accounts/${accountId}`);
    expect(await staff.locator('[data-roadmap-position]').textContent()).toContain('0% 完了(0/13 アクション)');

    const page = await signedIn(personId);
    await page.goto(`${server.baseUrl}/`);
    await page.locator('summary', { hasText: 'テスト' }).click();
    await page.getByRole('link', { name: 'ロードマップ', exact: true }).click();
    await page.waitForURL('**/me/roadmap');
    const stage1 = page.locator('[data-stage="1"]');
    expect(await stage1.getAttribute('data-stage-state')).toBe('current');
    expect(await stage1.locator('[data-action-id]').count()).toBe(5);
    expect(await action(page, 'week1-getting-started').getAttribute('data-state')).toBe('next');
    expect(await action(page, 'week1-getting-started').textContent()).toContain('次にやること');

    // Read the action's item: open it from the roadmap and stay active on it for a few seconds.
    await action(page, 'week1-getting-started').locator('.roadmap-action__items a').first().click();
    await page.waitForURL('**/manuals/getting-started');
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(200 + i * 20, 300 + i * 10);
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(1000);
    }
    await page.goto(`${server.baseUrl}/me/roadmap`);
    await expect.poll(async () => {
      await page.reload();
      return action(page, 'week1-getting-started').getAttribute('data-state');
    }, { timeout: 15_000, interval: 1000 }).toBe('done');
    expect(await action(page, 'week1-getting-started').textContent()).toContain('閲覧で完了');

    // Tick the confirm action that is the customer's own, with a note.
    const reply = action(page, 'week1-first-reply');
    await reply.getByPlaceholder('メモ(任意)').fill('最初の問い合わせに返信しました');
    await reply.getByRole('button', { name: '完了にする' }).click();
    await page.waitForURL('**/me/roadmap#roadmap');
    expect(await action(page, 'week1-first-reply').getAttribute('data-state')).toBe('done');
    expect(await action(page, 'week1-first-reply').textContent()).toContain('最初の問い合わせに返信しました');
    // An admin's action offers the customer no tick.
    expect(await action(page, 'week1-invite-team').getByRole('button').count()).toBe(0);

    await staff.reload();
    const position = await staff.locator('[data-roadmap-position]').textContent();
    expect(position).toContain('段階 1/3');
    expect(position).toContain('15% 完了(2/13 アクション)');
    expect(await staff.locator('[data-action-id="week1-first-reply"]').getAttribute('data-state')).toBe('done');
  });
});
