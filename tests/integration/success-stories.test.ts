import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateContent, formatIssue } from '../../src/lib/content/validate.ts';
import { get, postForm, query, signIn } from '../support/auth.ts';
import { ROOT, startTestServer, type TestServer } from '../support/server.ts';
import { openTestDatabase } from '../support/test-database.ts';

// Success stories (issue 16, item 7): a customer offers a story with consent; staff accept it on
// /manage/stories, which writes a case-study draft that passes content:check and marks the account as
// presenting its success (stage A with its surveys).
const drafts = mkdtempSync(join(tmpdir(), 'jisou-story-drafts-'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ JISOU_STORY_DRAFTS_DIR: drafts });
});
afterAll(async () => {
  await server?.stop();
  rmSync(drafts, { recursive: true, force: true });
});

const offer = {
  kind: 'case-study',
  title: '<Script> で「半分」に {速く}',
  industry: '製造業',
  story: 'import x from "y"\n# 見出しのつもり\n問い合わせの一次回答を {自動化} して、<b>回答時間が半分</b>になりました。',
  'result0.label': '一次回答までの時間',
  'result0.before': '4時間',
  'result0.value': '2時間',
  consent: 'yes',
};

describe('success stories', () => {
  it.each([
    ['without consent', { consent: '' }],
    ['with a story that says nothing', { story: 'よかった' }],
    ['with a result missing its value', { 'result0.value': '' }],
    ['with an unknown kind', { kind: 'blog' }],
  ])('an offer %s is refused with 400 and nothing is stored', async (_label, change) => {
    const token = await signIn(server.baseUrl, 'admin@acme.example');
    const res = await postForm(server.baseUrl, '/stories', { ...offer, ...change } as Record<string, string>, token);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
    expect(query(server.databasePath, "SELECT id FROM success_stories WHERE title LIKE '<Script>%'")).toEqual([]);
  });

  it('an offer is stored as proposed and shown to the customer; staff accept it into a draft that passes content:check', async () => {
    const token = await signIn(server.baseUrl, 'admin@acme.example');
    const res = await postForm(server.baseUrl, '/stories', offer, token);
    expect(res.status).toBe(303);
    const [story] = query<{ id: string; status: string; account_id: string }>(server.databasePath, "SELECT id, status, account_id FROM success_stories WHERE title LIKE '<Script>%'");
    expect(story).toMatchObject({ status: 'proposed', account_id: 'acct-acme' });
    expect(await (await get(server.baseUrl, '/stories', token)).text()).toMatch(/確認中|Under review/);

    // Authors and customers cannot review; managers can.
    expect((await postForm(server.baseUrl, '/manage/stories', { id: story!.id, decision: 'accept' }, await signIn(server.baseUrl, 'author@jisou.test'))).status).toBe(403);
    const manager = await signIn(server.baseUrl, 'manager@jisou.test');
    const list = await (await get(server.baseUrl, '/manage/stories', manager)).text();
    expect(list).toContain('一次回答までの時間');
    const accepted = await postForm(server.baseUrl, '/manage/stories', { id: story!.id, decision: 'accept' }, manager);
    expect(accepted.status).toBe(303);
    const [row] = query<{ status: string; draft_file: string }>(server.databasePath, 'SELECT status, draft_file FROM success_stories WHERE id = ?', story!.id);
    expect(row!.status).toBe('accepted');
    expect(existsSync(row!.draft_file)).toBe(true);
    const mdx = readFileSync(row!.draft_file, 'utf8');
    expect(mdx).toContain('draft: true');
    expect(mdx).toContain('customer: アクメ株式会社 (Acme)');
    expect(mdx).toContain('industry: 製造業');
    expect(mdx).toMatch(/label: 一次回答までの時間\n\s+value: 2時間\n\s+before: 4時間/);
    // Reviewing twice is refused.
    expect((await postForm(server.baseUrl, '/manage/stories', { id: story!.id, decision: 'decline' }, manager)).status).toBe(409);

    // The draft, in a copy of the project's content, passes content:check (the customer's <, {, # and import are escaped).
    const checkout = mkdtempSync(join(tmpdir(), 'jisou-story-check-'));
    try {
      cpSync(join(ROOT, 'content'), join(checkout, 'content'), { recursive: true });
      cpSync(row!.draft_file, join(checkout, 'content/case-studies/ja', row!.draft_file.split('/').at(-1)!));
      const issues = validateContent(checkout, { includeDrafts: true }).issues.filter((i) => i.severity === 'error');
      expect(issues.map(formatIssue)).toEqual([]);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  it('an accepted story with two answered surveys puts the account on stage A', async () => {
    const manager = await signIn(server.baseUrl, 'manager@jisou.test');
    // Acme is never seeded a success-story answer; with an accepted story and two answered rounds it presents its success.
    const db = openTestDatabase(server.databasePath);
    const answered = db.prepare("SELECT count(DISTINCT survey_key || ':' || round) AS n FROM survey_responses WHERE account_id = 'acct-acme' AND submitted_at IS NOT NULL").get() as { n: number };
    db.close();
    expect(answered.n, 'the demo seed answers several Acme surveys').toBeGreaterThanOrEqual(2);
    const page = await (await get(server.baseUrl, '/manage/kpi/accounts/acct-acme', manager)).text();
    expect(page).toMatch(/<p class="value"[^>]*>A<\/p>/);
  });
});

describe('stage A by hand', () => {
  it('a manager marks an account with a reason (audited) and removes the mark; no reason → 400, nothing changes', async () => {
    const manager = await signIn(server.baseUrl, 'manager@jisou.test');
    const path = '/manage/kpi/accounts/acct-globex';
    expect((await postForm(server.baseUrl, path, { intent: 'mark-success', reason: '' }, manager)).status).toBe(400);
    expect(query(server.databasePath, "SELECT * FROM account_success_marks WHERE account_id = 'acct-globex'")).toEqual([]);
    expect((await postForm(server.baseUrl, path, { intent: 'mark-success', reason: 'ユーザー会で登壇' }, await signIn(server.baseUrl, 'author@jisou.test'))).status).toBe(403);
    expect((await postForm(server.baseUrl, path, { intent: 'mark-success', reason: 'ユーザー会で登壇' }, manager)).status).toBe(303);
    const page = await (await get(server.baseUrl, path, manager)).text();
    expect(page).toMatch(/<p class="value"[^>]*>A<\/p>/);
    expect(page).toContain('ユーザー会で登壇');
    expect(query(server.databasePath, "SELECT action FROM audit_log WHERE target_id = 'acct-globex' AND action LIKE 'account.success%'")).toEqual([{ action: 'account.success.mark' }]);
    expect((await postForm(server.baseUrl, path, { intent: 'clear-success' }, manager)).status).toBe(303);
    expect(await (await get(server.baseUrl, path, manager)).text()).not.toMatch(/<p class="value"[^>]*>A<\/p>/);
  });
});
