import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPerson, escapeHtml, get, messages, postForm, query, signIn, snapshotCounts } from '../support/auth.ts';

// Every form refuses bad input with a clear message (in the page, tied to the field) and writes nothing.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const ja = messages('ja');
let admin = '';

beforeAll(async () => {
  admin = await signIn(baseUrl, 'admin@jisou.test');
});

/** POST a form, expect 4xx, the listed messages on the page, and no row written or changed. */
async function expectRefused(path: string, fields: Record<string, string>, codes: string[], cookie?: string, status = 400) {
  const before = snapshotCounts(databasePath);
  const res = await postForm(baseUrl, path, fields, cookie);
  expect(res.status, `${path} ${JSON.stringify(fields)}`).toBe(status);
  const html = await res.text();
  for (const code of codes) expect(html, code).toContain(escapeHtml(ja[`auth.error.${code}`]!));
  expect(snapshotCounts(databasePath)).toEqual(before);
  return html;
}

describe('public forms', () => {
  it('sign-in without email or password', async () => {
    await expectRefused('/login', { email: '', password: '' }, ['credentials_required']);
  });
  it('an oversized or garbled sign-in body gets a clear 400, not a crash', async () => {
    const huge = await postForm(baseUrl, '/login', { email: 'user@acme.example', password: 'x'.repeat(400_000) });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain(escapeHtml(ja['auth.error.credentials_required']!));
    const garbled = await fetch(`${baseUrl}/login`, { method: 'POST', headers: { origin: baseUrl, 'content-type': 'multipart/form-data; boundary=zz' }, body: '--zz\r\nnot a part' });
    expect(garbled.status).toBe(400);
  });

  it('sign-up and password reset with a malformed email', async () => {
    await expectRefused('/signup', { email: 'not-an-email' }, ['invalid_email']);
    await expectRefused('/reset-password', { email: 'a@b' }, ['invalid_email']);
  });
  it('an invitation or reset link that does not exist', async () => {
    await expectRefused('/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { name: 'x', password: 'long-enough-pw', confirm: 'long-enough-pw' }, ['invitation_invalid'], undefined, 404);
    await expectRefused('/reset-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { password: 'long-enough-pw', confirm: 'long-enough-pw' }, ['reset_invalid'], undefined, 404);
  });
});

describe('profile', () => {
  it('refuses an empty name, a wrong current password, a short and a common new password', async () => {
    const person = await createTestPerson(databasePath);
    const token = await signIn(baseUrl, person.email, person.password);
    await expectRefused('/profile', { intent: 'profile', name: '   ', locale: 'ja' }, ['required'], token);
    await expectRefused('/profile', { intent: 'password', current: 'wrong-current-1', password: 'brand-new-pass-1', confirm: 'brand-new-pass-1' }, ['current_password_wrong'], token);
    await expectRefused('/profile', { intent: 'password', current: person.password, password: 'short', confirm: 'short' }, ['password_too_short'], token);
    await expectRefused('/profile', { intent: 'password', current: person.password, password: 'qwertyuiop', confirm: 'qwertyuiop' }, ['password_too_common'], token);
  });

  it('saves name and language, and "sign out my other sessions" ends the others but not this one', async () => {
    const person = await createTestPerson(databasePath);
    const other = await signIn(baseUrl, person.email, person.password);
    const token = await signIn(baseUrl, person.email, person.password);
    const saved = await postForm(baseUrl, '/profile', { intent: 'profile', name: '森 花子', locale: 'en' }, token);
    expect(saved.status).toBe(303);
    expect(query(databasePath, 'SELECT name, locale FROM users WHERE id = ?', person.id)).toEqual([{ name: '森 花子', locale: 'en' }]);
    const changed = await postForm(baseUrl, '/profile', { intent: 'password', current: person.password, password: 'maple-harbor-31', confirm: 'maple-harbor-31', signOutOthers: 'on' }, token);
    expect(changed.status).toBe(303);
    expect((await get(baseUrl, '/profile', token)).status).toBe(200);
    expect((await get(baseUrl, '/profile', other)).status).toBe(303);
    expect((await postForm(baseUrl, '/login', { email: person.email, password: 'maple-harbor-31' })).status).toBe(303);
  });
});

describe('account administration forms', () => {
  it('new account: every field wrong at once, then a taken handle and a non-staff CSM', async () => {
    await expectRefused('/manage/accounts/new', { slug: 'Bad Slug!', name: '', segment: 'mid', plan: 'gold', contractStart: '2026-02-30', domains: 'not a domain' }, ['invalid_slug', 'required', 'invalid_segment', 'invalid_plan', 'invalid_date', 'invalid_domain'], admin);
    await expectRefused('/manage/accounts/new', { slug: 'acme', name: 'Again', segment: 'high', plan: 'starter', contractStart: '2026-01-01', csmEmail: 'user@acme.example', domains: 'globex.example' }, ['slug_taken', 'csm_not_staff', 'domain_taken'], admin);
  });

  it('edit account with a bad date changes nothing', async () => {
    await expectRefused('/manage/accounts/acct-globex', { intent: 'account', slug: 'globex', name: 'Globex', segment: 'tech', plan: 'starter', contractStart: 'yesterday' }, ['invalid_date'], admin);
  });

  it('add person / invite / edit user with bad input', async () => {
    await expectRefused('/manage/accounts/acct-globex', { intent: 'create-user', email: 'bad', name: '', role: 'customer' }, ['invalid_email', 'required'], admin);
    await expectRefused('/manage/accounts/acct-globex', { intent: 'create-user', email: 'user@globex.example', name: 'Dup', role: 'customer' }, ['email_taken'], admin);
    await expectRefused('/manage/accounts/acct-globex', { intent: 'invite', email: 'user@globex.example', role: 'customer' }, ['already_registered'], admin);
    await expectRefused('/manage/accounts/staff', { email: 'x@jisou.test', role: 'owner' }, ['invalid_role'], admin);
    const person = await createTestPerson(databasePath);
    await expectRefused(`/manage/accounts/users/${person.id}`, { intent: 'update', name: 'X', role: 'author', locale: 'ja', account: 'acme' }, ['staff_no_account'], admin);
    await expectRefused(`/manage/accounts/users/${person.id}`, { intent: 'update', name: 'X', role: 'customer', locale: 'ja', account: 'no-such-account' }, ['account_not_found'], admin);
  });

  it('an admin cannot disable themselves', async () => {
    const [me] = query<{ id: string }>(databasePath, "SELECT id FROM users WHERE email = 'admin@jisou.test'");
    await expectRefused(`/manage/accounts/users/${me!.id}`, { intent: 'disable', confirm: 'yes' }, ['cannot_change_self'], admin);
  });

  it('creates an account and writes the change to the audit log', async () => {
    const res = await postForm(baseUrl, '/manage/accounts/new', { slug: 'tsubame-kogyo', name: 'つばめ工業株式会社', segment: 'low', plan: 'business', contractStart: '2026-11-01', csmEmail: 'manager@jisou.test', domains: 'tsubame.example, tsubame.co.jp' }, admin);
    expect(res.status).toBe(303);
    const [row] = query<{ id: string; name: string; csm_user_id: string }>(databasePath, "SELECT id, name, csm_user_id FROM accounts WHERE slug = 'tsubame-kogyo'");
    expect(row!.name).toBe('つばめ工業株式会社');
    expect(query(databasePath, 'SELECT domain FROM account_domains WHERE account_id = ? ORDER BY domain', row!.id)).toEqual([{ domain: 'tsubame.co.jp' }, { domain: 'tsubame.example' }]);
    expect(query(databasePath, "SELECT via, action FROM audit_log WHERE target_id = ?", row!.id)).toEqual([{ via: 'web', action: 'account.create' }]);
  });
});

describe('CSV import of users', () => {
  const csv = (rows: string[]) => ['email,name,role,account,locale', ...rows].join('\r\n');
  const good = ['csv.one@globex.example,一ノ瀬 仁,customer,globex,ja', '"csv.two@globex.example","二宮, 和",customer-admin,globex,en'];

  it('imports nothing when one row is bad and names the line', async () => {
    const html = await expectRefused('/manage/accounts/import', { csv: csv([...good, 'csv.three@globex.example,三浦 春,boss,globex,ja']) }, ['invalid_role'], admin);
    expect(html).toContain(escapeHtml(ja['manage.import.line']!.replace('{line}', '4')));
    expect(query(databasePath, "SELECT email FROM users WHERE email LIKE 'csv.%'")).toEqual([]);
  });

  it('reports a duplicate email, an unknown account and a missing column with their lines', async () => {
    const html = await expectRefused('/manage/accounts/import', { csv: csv([...good, 'CSV.one@globex.example,dup,customer,globex,ja', 'csv.four@x.example,四谷,customer,nowhere,ja']) }, ['csv_duplicate_email', 'account_not_found'], admin);
    expect(html).toContain(escapeHtml(ja['manage.import.line']!.replace('{line}', '4')));
    expect(html).toContain(escapeHtml(ja['manage.import.line']!.replace('{line}', '5')));
    // Fully in Japanese: the column by its label, the first line of a duplicate; no English left.
    expect(html).toContain(escapeHtml('4 行目: メールアドレス(email 列) “csv.one@globex.example” (2行目と重複) — '.replace('4 行目', ja['manage.import.line']!.replace('{line}', '4'))));
    expect(html).not.toMatch(/\(line \d+\)|column \d/);
    await expectRefused('/manage/accounts/import', { csv: 'email,role\na@globex.example,customer' }, ['csv_missing_column'], admin);
  });

  it('imports a good file, and re-running it changes nothing', async () => {
    const first = await postForm(baseUrl, '/manage/accounts/import', { csv: csv(good) }, admin);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(escapeHtml(ja['manage.import.done']!.replace('{created}', '2').replace('{updated}', '0').replace('{unchanged}', '0')));
    expect(query(databasePath, "SELECT email, name, role, account_id, locale FROM users WHERE email LIKE 'csv.%' ORDER BY email")).toEqual([
      { email: 'csv.one@globex.example', name: '一ノ瀬 仁', role: 'customer', account_id: 'acct-globex', locale: 'ja' },
      { email: 'csv.two@globex.example', name: '二宮, 和', role: 'customer-admin', account_id: 'acct-globex', locale: 'en' },
    ]);
    const before = snapshotCounts(databasePath);
    const again = await postForm(baseUrl, '/manage/accounts/import', { csv: csv(good) }, admin);
    expect(await again.text()).toContain(escapeHtml(ja['manage.import.done']!.replace('{created}', '0').replace('{updated}', '0').replace('{unchanged}', '2')));
    expect(snapshotCounts(databasePath)).toEqual(before);
  });
});

describe('invitation by an admin', () => {
  it('shows a one-time link; the invitee sets name and password (bad input refused), then signs in', async () => {
    const res = await postForm(baseUrl, '/manage/accounts/acct-globex', { intent: 'invite', email: 'invitee@globex.example', role: 'customer' }, admin);
    expect(res.status).toBe(200);
    const link = /data-testid="one-time-link"[^>]*>https?:\/\/[^/]+(\/invite\/[a-z2-7]{32})</.exec(await res.text())?.[1];
    expect(link).toBeDefined();
    await expectRefused(link!, { name: '', password: 'abc', confirm: 'abd' }, ['required'], undefined);
    await expectRefused(link!, { name: '招待 太郎', password: 'abc', confirm: 'abc' }, ['password_too_short'], undefined);
    // The link page sends no Referer to other sites, so the token cannot leak through links on it.
    expect((await get(baseUrl, link!)).headers.get('referrer-policy')).toBe('same-origin');
    const ok = await postForm(baseUrl, link!, { name: '招待 太郎', password: 'glacier-window-58', confirm: 'glacier-window-58' });
    expect(ok.status).toBe(303);
    expect((await postForm(baseUrl, link!, { name: 'again', password: 'glacier-window-59', confirm: 'glacier-window-59' })).status).toBe(404);
    const token = await signIn(baseUrl, 'invitee@globex.example', 'glacier-window-58');
    expect(await (await get(baseUrl, '/profile', token)).text()).toContain('招待 太郎');
  });
});
