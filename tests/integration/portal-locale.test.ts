import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');
const switchTo = (fields: Record<string, string>) =>
  fetch(new URL('/locale', baseUrl), {
    method: 'POST',
    redirect: 'manual',
    // Astro's origin check: forms post from our own origin.
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

describe('locale switcher', () => {
  it('every page carries a POST form to /locale that returns to the same page', async () => {
    const body = await (await fetch(new URL('/manuals?tag=x', baseUrl), { headers: { 'accept-language': 'ja' } })).text();
    expect(body).toMatch(/<form[^>]*method="post"[^>]*action="\/locale"/);
    expect(body).toContain('name="next" value="/manuals?tag=x"');
    expect(body).toMatch(/<button[^>]*name="locale"[^>]*value="en"/);
  });

  it('stores the choice for a year and redirects back to the page', async () => {
    const res = await switchTo({ locale: 'en', next: '/manuals?tag=%E6%A8%A9%E9%99%90' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/manuals?tag=%E6%A8%A9%E9%99%90');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^jisou_locale=en;/);
    expect(cookie).toContain('Max-Age=31536000');
    expect(cookie).toContain('Path=/');
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await (await fetch(new URL('/', baseUrl), { headers: { cookie: 'jisou_locale=en', 'accept-language': 'ja' } })).text();
    expect(home).toMatch(/<html lang="en"/);
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)'])('refuses the off-site next %s', async (next) => {
    const res = await switchTo({ locale: 'ja', next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('rejects an unknown language with 400 and sets no cookie', async () => {
    const res = await switchTo({ locale: 'fr', next: '/' });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('locale=ja');
  });
});
