// Issue 16, item 7 in Chromium: a customer offers a success story in the browser, a manager accepts it on
// /manage/stories, and the case-study draft it writes is a file that `npm run content:check` passes.
// The server writes drafts into a copy of the project (JISOU_STORY_DRAFTS_DIR), never into this checkout,
// and content:check runs in that copy exactly as an author would run it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { createTestPerson } from '../support/auth.ts';
import { copyProject } from '../support/project-copy.ts';
import { ROOT, startTestServer, type TestServer } from '../support/server.ts';
import { openDatabase, type Db } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';

let browser: Browser;
let server: TestServer;
let db: Db;
let checkout: string;
let customerId: string;
let managerId: string;
const TITLE = 'E2E 事例: 一次回答を {半分} の時間に';

function contentCheck(): Promise<{ code: number | null; report: { files: number; errors: number; issues: { file: string; message: string }[] } | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(checkout, 'scripts/content-check.ts'), '--json'], { cwd: checkout, env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => {
      let report = null;
      try {
        report = JSON.parse(output.slice(output.indexOf('{')));
      } catch {
        /* reported through `output` */
      }
      resolve({ code, report, output });
    });
  });
}

beforeAll(async () => {
  checkout = copyProject({}, 'jisou-story-e2e-');
  server = await startTestServer({ JISOU_STORY_DRAFTS_DIR: join(checkout, 'content/case-studies/ja') });
  db = openDatabase(server.databasePath);
  browser = await launchChromium();
  const accountId = `acct-story-${Date.now()}`;
  const raw = new Database(server.databasePath);
  raw.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, 'ブラウザ事例株式会社', 'tech', 'starter', '2026-03-01', 0, 0)`).run(accountId, accountId.slice(5));
  managerId = (raw.prepare("SELECT id FROM users WHERE email = 'manager@jisou.test'").get() as { id: string }).id;
  raw.close();
  customerId = (await createTestPerson(server.databasePath, { accountId, role: 'customer-admin' })).id;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  db?.$client.close();
  await server?.stop();
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

async function signedIn(userId: string) {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const token = generateSessionToken();
  createSession(userId, token, db);
  await ctx.addCookies([{ name: 'jisou_session', value: token, url: server.baseUrl }, { name: 'jisou_locale', value: 'ja', url: server.baseUrl }]);
  return ctx.newPage();
}

describe('a success story offered in the browser', () => {
  it('the customer proposes it, the manager accepts it, and the draft file passes content:check', async () => {
    const before = await contentCheck();
    expect(before.code, before.output).toBe(0);

    const page = await signedIn(customerId);
    await page.goto(`${server.baseUrl}/stories`);
    // Sending without consent keeps the person on the form with the reason, and stores nothing.
    await page.fill('input[name="title"]', TITLE);
    await page.fill('input[name="industry"]', '小売業');
    await page.fill('textarea[name="story"]', '問い合わせの振り分けを <自動化> して、一次回答までの時間が半分になりました。# 見出しではありません');
    await page.fill('input[name="result0.label"]', '一次回答までの時間');
    await page.fill('input[name="result0.before"]', '6時間');
    await page.fill('input[name="result0.value"]', '3時間');
    await page.getByRole('button', { name: '送信する' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    expect(db.$client.prepare('SELECT count(*) AS n FROM success_stories WHERE title = ?').get(TITLE)).toEqual({ n: 0 });
    // The form kept what was typed; consent ticked, it goes through.
    expect(await page.inputValue('input[name="title"]')).toBe(TITLE);
    await page.check('input[name="consent"]');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.waitForURL(/\/stories\?sent=1/);
    expect(await page.locator('#mine').textContent()).toContain(TITLE);
    expect(await page.locator('#mine').textContent()).toContain('確認中');

    const staff = await signedIn(managerId);
    await staff.goto(`${server.baseUrl}/manage/stories`);
    const card = staff.locator('ul.stories > li', { has: staff.locator('h2', { hasText: TITLE }) });
    expect(await card.textContent()).toContain('一次回答までの時間: 6時間 → 3時間');
    await card.getByRole('button', { name: '採用して下書きを作る' }).click();
    await staff.waitForURL(/\/manage\/stories\?status=accepted&draft=/);
    const row = db.$client.prepare('SELECT status, draft_file AS draftFile FROM success_stories WHERE title = ?').get(TITLE) as { status: string; draftFile: string };
    expect(row.status).toBe('accepted');
    expect(await staff.getByRole('status').textContent()).toContain(row.draftFile);

    // The draft (its path relative to the server's checkout) is a case study in the copy's content folder,
    // a draft, with the customer and the figures.
    const file = resolve(ROOT, row.draftFile);
    expect(file.startsWith(join(checkout, 'content/case-studies/ja/'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    const mdx = readFileSync(file, 'utf8');
    expect(mdx).toContain('draft: true');
    expect(mdx).toContain('ブラウザ事例株式会社');
    expect(mdx).toContain('industry: 小売業');
    expect(mdx).toMatch(/label: 一次回答までの時間\n\s+value: 3時間\n\s+before: 6時間/);
    // And `npm run content:check` in that project counts one more file and finds no error in it.
    const after = await contentCheck();
    expect(after.code, after.output).toBe(0);
    expect(after.report!.files).toBe(before.report!.files + 1);
    expect(after.report!.errors).toBe(0);
    expect(after.report!.issues.filter((i) => file.endsWith(i.file))).toEqual([]);
  }, 120_000);
});
