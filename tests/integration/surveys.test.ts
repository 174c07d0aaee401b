import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPerson, get, postForm, query, signIn } from '../support/auth.ts';
import { openTestDatabase } from '../support/test-database.ts';

// Surveys (issue 16, items 1–3): a due survey shows on home for the people it targets, is answered on one
// page (save and finish later, or submit), bad input stores nothing, and answers move the account's stage.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');

const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const responses = (userId: string) =>
  query<{ survey_key: string; round: number; answers: string; submitted_at: number | null; nps: number | null }>(databasePath, 'SELECT survey_key, round, answers, submitted_at, nps FROM survey_responses WHERE user_id = ? ORDER BY survey_key', userId);

let accountId: string;
let person: { id: string; email: string; password: string };
let colleague: { id: string; email: string; password: string };
let token: string;

beforeAll(async () => {
  // A new account 40 days into its contract: the day-30 onboarding survey is due, the quarterly NPS not yet.
  accountId = `acct-survey-${Date.now()}`;
  const db = openTestDatabase(databasePath);
  db.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, 'アンケート検証株式会社', 'low', 'business', ?, 0, 0)`).run(accountId, accountId.slice(5), dayAgo(40));
  db.close();
  person = await createTestPerson(databasePath, { accountId });
  colleague = await createTestPerson(databasePath, { accountId });
  token = await signIn(baseUrl, person.email, person.password);
});

const answer = (fields: Record<string, string>, who = token) => postForm(baseUrl, '/surveys/onboarding-day30', fields, who);

describe('a due survey', () => {
  it('shows as a card on home and on /me/progress for the people it targets, not for staff or a new account', async () => {
    for (const path of ['/', '/me/progress']) {
      const html = await (await get(baseUrl, path, token)).text();
      expect(html, path).toContain('href="/surveys/onboarding-day30"');
      expect(html, path).not.toContain('href="/surveys/quarterly-nps"');
      expect(html, path).not.toContain('href="/surveys/success-story"'); // customer admins only
    }
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    expect(await (await get(baseUrl, '/', manager)).text()).not.toContain('href="/surveys/');
    const globex = await signIn(baseUrl, 'user@globex.example'); // 20 days into the contract
    expect(await (await get(baseUrl, '/', globex)).text()).not.toContain('href="/surveys/onboarding-day30"');
  });

  it('opens on one page with every question', async () => {
    const res = await get(baseUrl, '/surveys/onboarding-day30', token);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ['q.setup-ease', 'q.self-run', 'q.used-features', 'q.missing']) expect(html).toContain(`name="${name}"`);
    expect(html).toMatch(/name="intent" value="save"/);
  });

  it('submitting with a required question missing, an out-of-range scale or an unknown option → 400, nothing stored, answers kept on the page', async () => {
    for (const fields of <Record<string, string>[]>[
      { intent: 'submit', 'q.setup-ease': '4' },
      { intent: 'submit', 'q.setup-ease': '6', 'q.self-run': 'yes' },
      { intent: 'submit', 'q.setup-ease': '4', 'q.self-run': 'maybe' },
      { intent: 'save', 'q.used-features': 'teleport' },
      { intent: 'publish', 'q.setup-ease': '4', 'q.self-run': 'yes' },
    ]) {
      const res = await answer(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html).toContain('role="alert"');
    }
    expect(responses(person.id)).toEqual([]);
  });

  it('saved answers come back when the person returns, and only to them', async () => {
    const saved = await answer({ intent: 'save', 'q.setup-ease': '2', 'q.missing': '権限の説明がほしい' });
    expect(saved.status).toBe(303);
    expect(responses(person.id)).toMatchObject([{ survey_key: 'onboarding-day30', round: 0, submitted_at: null }]);
    const back = await (await get(baseUrl, '/surveys/onboarding-day30', token)).text();
    expect(back).toMatch(/value="2" checked/);
    expect(back).toContain('権限の説明がほしい');
    const other = await signIn(baseUrl, colleague.email, colleague.password);
    const theirs = await (await get(baseUrl, '/surveys/onboarding-day30', other)).text();
    expect(theirs).not.toContain('権限の説明がほしい');
    expect(theirs).not.toMatch(/value="2" checked/);
  });

  it('submitting closes it for the person (the card goes away, answering again is 409) and moves the account from D to C', async () => {
    const manager = await signIn(baseUrl, 'manager@jisou.test');
    const before = await (await get(baseUrl, `/manage/kpi/accounts/${accountId}`, manager)).text();
    expect(before).toMatch(/<p class="value"[^>]*>D<\/p>/);
    const res = await answer({ intent: 'submit', 'q.setup-ease': '4', 'q.self-run': 'partly', 'q.used-features': 'routing', 'q.missing': '' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/surveys/onboarding-day30?done=submitted');
    const [row] = responses(person.id);
    expect(row!.submitted_at).not.toBeNull();
    expect(JSON.parse(row!.answers)).toEqual({ 'setup-ease': 4, 'self-run': 'partly', 'used-features': ['routing'] });
    expect(await (await get(baseUrl, '/', token)).text()).not.toContain('href="/surveys/onboarding-day30"');
    expect((await answer({ intent: 'submit', 'q.setup-ease': '1', 'q.self-run': 'no' })).status).toBe(409);
    const after = await (await get(baseUrl, `/manage/kpi/accounts/${accountId}`, manager)).text();
    expect(after).toMatch(/<p class="value"[^>]*>C<\/p>/);
    expect(after).toContain('data-stage-facts');
  });

  it('staff cannot answer (403) and a visitor is sent to sign in; an unknown survey is 404', async () => {
    const author = await signIn(baseUrl, 'author@jisou.test');
    expect((await answer({ intent: 'submit', 'q.setup-ease': '4', 'q.self-run': 'yes' }, author)).status).toBe(403);
    const anon = await postForm(baseUrl, '/surveys/onboarding-day30', { intent: 'submit' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    expect((await postForm(baseUrl, '/surveys/no-such-survey', { intent: 'submit' }, token)).status).toBe(404);
  });
});
