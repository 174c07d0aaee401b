import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, get, postForm, query, signIn } from '../support/auth.ts';
import { ROOT } from '../support/server.ts';
import { createPerson } from '../support/tracking.ts';

// Destructive admin actions (issue 13, item 10) ask for confirmation without JavaScript — a required
// checkbox the server checks too (400, nothing changed when missing) — and say what happened afterwards.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const ja = JSON.parse(readFileSync(join(ROOT, 'src/i18n/ja/confirm.json'), 'utf8')) as Record<string, string>;
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));

/** A fresh account with one person signed in (never the demo accounts other tests sign in to). */
function freshPerson() {
  const p = createPerson(databasePath);
  const token = p.cookie.split('=')[1]!;
  const name = query<{ name: string }>(databasePath, 'SELECT name FROM users WHERE id = ?', p.userId)[0]!.name;
  const accountName = query<{ name: string }>(databasePath, 'SELECT name FROM accounts WHERE id = ?', p.accountId)[0]!.name;
  return { ...p, token, name, accountName };
}
const signedIn = async (token: string) => (await get(baseUrl, '/profile', token)).status === 200;
const disabledAt = (table: 'accounts' | 'users', id: string) => query<{ d: number | null }>(databasePath, `SELECT disabled_at AS d FROM ${table} WHERE id = ?`, id)[0]!.d;

describe('disabling an account', () => {
  it('asks for a ticked confirmation naming who loses access, refuses without it, then says what happened', async () => {
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const p = freshPerson();
    const page = `/manage/accounts/${p.accountId}`;

    const form = await (await get(baseUrl, page, admin)).text();
    expect(form).toMatch(/<input type="checkbox" id="f-confirm-account-disable" name="confirm" value="yes" required/);
    expect(form).toContain(escapeHtml(fill(ja['confirm.account.disable']!, { name: p.accountName, people: 1, sessions: 1 })));

    const refused = await postForm(baseUrl, page, { intent: 'disable' }, admin);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(ja['confirm.required']);
    expect(disabledAt('accounts', p.accountId)).toBeNull();
    expect(await signedIn(p.token)).toBe(true);

    const done = await postForm(baseUrl, page, { intent: 'disable', confirm: 'yes' }, admin);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${page}?done=disabled&people=1&sessions=1`);
    const after = await (await get(baseUrl, done.headers.get('location')!, admin)).text();
    expect(after).toContain(escapeHtml(fill(ja['confirm.account.disabled']!, { name: p.accountName, people: 1, sessions: 1 })));
    expect(disabledAt('accounts', p.accountId)).not.toBeNull();
    expect(await signedIn(p.token)).toBe(false);

    // Enabling is not destructive: no confirmation, and it says so.
    const enabled = await postForm(baseUrl, page, { intent: 'enable' }, admin);
    expect(enabled.headers.get('location')).toBe(`${page}?done=enabled`);
    expect(disabledAt('accounts', p.accountId)).toBeNull();
  });
});

describe('a person: ending their sessions and disabling them', () => {
  it('"sign out everywhere" needs the confirmation and reports how many sessions ended', async () => {
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const p = freshPerson();
    const page = `/manage/accounts/users/${p.userId}`;
    const html = await (await get(baseUrl, page, admin)).text();
    expect(html).toContain(escapeHtml(fill(ja['confirm.user.endSessionsText']!, { name: p.name, sessions: 1 })));
    expect(html).toMatch(/id="f-confirm-end-sessions" name="confirm" value="yes" required/);

    const refused = await postForm(baseUrl, page, { intent: 'end-sessions' }, admin);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(ja['confirm.required']);
    expect(await signedIn(p.token)).toBe(true);

    const done = await postForm(baseUrl, page, { intent: 'end-sessions', confirm: 'yes' }, admin);
    expect(done.headers.get('location')).toBe(`${page}?done=sessions_ended&ended=1`);
    expect(await (await get(baseUrl, done.headers.get('location')!, admin)).text()).toContain(escapeHtml(fill(ja['confirm.user.sessionsEnded']!, { name: p.name, ended: 1 })));
    expect(await signedIn(p.token)).toBe(false);
    // The person is not disabled: they can sign in again.
    expect(disabledAt('users', p.userId)).toBeNull();
    expect(query<{ action: string }>(databasePath, `SELECT action FROM audit_log WHERE target_id = ? ORDER BY at DESC LIMIT 1`, p.userId)[0]?.action).toBe('user.sessions.end');
  });

  it('disabling a person needs the confirmation and says they were signed out', async () => {
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const p = freshPerson();
    const page = `/manage/accounts/users/${p.userId}`;
    const refused = await postForm(baseUrl, page, { intent: 'disable' }, admin);
    expect(refused.status).toBe(400);
    expect(disabledAt('users', p.userId)).toBeNull();
    expect(await signedIn(p.token)).toBe(true);

    const done = await postForm(baseUrl, page, { intent: 'disable', confirm: 'yes' }, admin);
    expect(done.headers.get('location')).toBe(`${page}?done=disabled&sessions=1`);
    expect(await (await get(baseUrl, done.headers.get('location')!, admin)).text()).toContain(escapeHtml(fill(ja['confirm.user.disabled']!, { name: p.name, sessions: 1 })));
    expect(disabledAt('users', p.userId)).not.toBeNull();
    expect(await signedIn(p.token)).toBe(false);
  });
});
