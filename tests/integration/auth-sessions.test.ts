import { describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { COOKIE, createTestPerson, get, postForm, query, sessionCookieFrom, signIn } from '../support/auth.ts';
import { openTestDatabase } from '../support/test-database.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('sign-in and sessions', () => {
  it('signs in through the form and sets an HttpOnly, SameSite=Lax, Path=/ cookie with a 160-bit token', async () => {
    const res = await postForm(baseUrl, '/login', { email: 'USER@Acme.Example', password: 'jisou-demo', next: '/profile' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/profile');
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Path=\//);
    const token = sessionCookieFrom(res)!;
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    // Only the SHA-256 is stored: the token itself appears nowhere in the database.
    const rows = query<{ id: string }>(databasePath, 'SELECT id FROM sessions WHERE id = ?', sha256(token));
    expect(rows).toHaveLength(1);
    expect(query(databasePath, 'SELECT id FROM sessions WHERE id = ?', token)).toHaveLength(0);
    const profile = await get(baseUrl, '/profile', token);
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain('user@acme.example');
  });

  it('issues a new token at every sign-in and ends the session the browser had before', async () => {
    const first = await signIn(baseUrl, 'user@acme.example');
    const res = await postForm(baseUrl, '/login', { email: 'user@acme.example', password: 'jisou-demo' }, first);
    const second = sessionCookieFrom(res)!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await get(baseUrl, '/profile', first)).status).toBe(303);
    expect((await get(baseUrl, '/profile', second)).status).toBe(200);
  });

  it('refuses the stored session hash used as a cookie (401 on the API, sign-in redirect on pages)', async () => {
    const token = await signIn(baseUrl, 'admin@acme.example');
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(200);
    const stored = sha256(token);
    const api = await get(baseUrl, '/api/team/members', stored);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const page = await get(baseUrl, '/team', stored);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fteam');
  });

  it('ends the session at logout: the old token replayed gets 401', async () => {
    const token = await signIn(baseUrl, 'admin@acme.example');
    const out = await postForm(baseUrl, '/logout', {}, token);
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${COOKIE}=;.*Max-Age=0`, 'i'));
    expect(query(databasePath, 'SELECT id FROM sessions WHERE id = ?', sha256(token))).toHaveLength(0);
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(401);
  });

  it('does not sign out on GET /logout (a link on another site cannot sign anyone out)', async () => {
    const token = await signIn(baseUrl, 'user@acme.example');
    expect((await get(baseUrl, '/logout', token)).status).toBe(200);
    expect((await get(baseUrl, '/profile', token)).status).toBe(200);
  });

  it('stops a disabled person\'s open session at once', async () => {
    const person = await createTestPerson(databasePath, { role: 'customer-admin' });
    const token = await signIn(baseUrl, person.email, person.password);
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(200);
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const res = await postForm(baseUrl, `/manage/accounts/users/${person.id}`, { intent: 'disable', confirm: 'yes' }, admin);
    expect(res.status).toBe(303);
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(401);
    // …and cannot sign in again, with the same message as a wrong password.
    const again = await postForm(baseUrl, '/login', { email: person.email, password: person.password });
    expect(again.status).toBe(401);
    expect(query(databasePath, 'SELECT action FROM audit_log WHERE target_id = ?', person.id)).toEqual([{ action: 'user.disable' }]);
  });

  it('disabling an account signs its people out at once; enabling lets them sign in again', async () => {
    const admin = await signIn(baseUrl, 'admin@jisou.test');
    const created = await postForm(baseUrl, '/manage/accounts/new', { slug: 'kasumi-denki', name: 'かすみ電気株式会社', segment: 'tech', plan: 'starter', contractStart: '2026-11-01' }, admin);
    expect(created.status).toBe(303);
    const accountId = /\/manage\/accounts\/([a-z2-7]+)/.exec(created.headers.get('location') ?? '')![1]!;
    const person = await createTestPerson(databasePath, { role: 'customer-admin', accountId });
    const token = await signIn(baseUrl, person.email, person.password);
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(200);
    expect((await postForm(baseUrl, `/manage/accounts/${accountId}`, { intent: 'disable', confirm: 'yes' }, admin)).status).toBe(303);
    expect((await get(baseUrl, '/api/team/members', token)).status).toBe(401);
    expect((await postForm(baseUrl, '/login', { email: person.email, password: person.password })).status).toBe(401);
    expect((await postForm(baseUrl, `/manage/accounts/${accountId}`, { intent: 'enable' }, admin)).status).toBe(303);
    expect((await postForm(baseUrl, '/login', { email: person.email, password: person.password })).status).toBe(303);
  });

  it('answers a wrong password and an unknown email with the same message', async () => {
    const wrong = await postForm(baseUrl, '/login', { email: 'user@globex.example', password: 'not-the-password' });
    const unknown = await postForm(baseUrl, '/login', { email: 'nobody-here@globex.example', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];
    expect(message(await wrong.text())).toBe(message(await unknown.text()));
  });

  it('refuses a sign-in POST from another origin (Astro checkOrigin)', async () => {
    const res = await postForm(baseUrl, '/login', { email: 'user@acme.example', password: 'jisou-demo' }, undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(sessionCookieFrom(res)).toBeUndefined();
  });

  it('redirects after sign-in only to same-origin paths', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/%2f%2fevil.example', '/%5cevil.example', '%2F%2Fevil.example']) {
      const res = await postForm(baseUrl, '/login', { email: 'user@acme.example', password: 'jisou-demo', next });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
    const ok = await postForm(baseUrl, `/login?next=${encodeURIComponent('/manuals?tag=x')}`, { email: 'user@acme.example', password: 'jisou-demo', next: '/manuals?tag=x' });
    expect(ok.headers.get('location')).toBe('/manuals?tag=x');
  });

  it('slides the session: an active session moves its expiry, and a session past its expiry is refused', async () => {
    const token = await signIn(baseUrl, 'user@globex.example');
    const id = sha256(token);
    // Pretend the last activity was two minutes ago and the session ends in one minute.
    const db = openTestDatabase(databasePath);
    const past = Date.now() - 120_000;
    db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(past, Date.now() + 60_000, id);
    const res = await get(baseUrl, '/profile', token);
    expect(res.status).toBe(200);
    expect(sessionCookieFrom(res)).toBe(token); // cookie refreshed with the new expiry
    const row = db.prepare('SELECT expires_at AS e FROM sessions WHERE id = ?').get(id) as { e: number };
    expect(row.e).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(Date.now() - 1, id);
    db.close();
    expect((await get(baseUrl, '/profile', token)).status).toBe(303);
    expect(query(databasePath, 'SELECT id FROM sessions WHERE id = ?', id)).toHaveLength(0);
  });
});

describe('security headers', () => {
  it.each(['/', '/login', '/favicon.svg', '/api/team/members', '/no-such-page', '/media/nothing.png', '/manage'])('%s carries CSP, nosniff, Referrer-Policy and frame-ancestors', async (path) => {
    const res = await get(baseUrl, path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    // HSTS only in production (see auth-production.test.ts).
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
