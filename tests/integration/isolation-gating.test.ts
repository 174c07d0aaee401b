import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { get, signIn } from '../support/auth.ts';
import { acmeOnlyItems, acmeOnlyMedia, customersOnlyItems, customersOnlyMedia } from '../support/gated-content.ts';

// Gated pages and their assets stay closed however the path or the headers are dressed up.
const baseUrl = inject('baseUrl');
let globex = '';

beforeAll(async () => {
  globex = await signIn(baseUrl, 'user@globex.example');
});

/** Send a raw request target exactly as written (fetch would normalise `..` and `//`). */
function rawGet(target: string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: target, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const disguises = (path: string) => {
  const [, first, ...rest] = path.split('/');
  const tail = rest.join('/');
  return [
    path,
    `${path}/`,
    `/${path}`,
    `${path}//`,
    `/${first}//${tail}`,
    `/${first}/./${tail}`,
    `/x/../${first}/${tail}`,
    `/x/%2e%2e/${first}/${tail}`,
    `/x/%252e%252e/${first}/${tail}`,
    `/${first}%2f${tail}`,
    `/${first}/${tail}%2f`,
    `/${encodeURIComponent(first!)}/${tail.replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
    `/${first!.toUpperCase()}/${tail}`,
    `${path}?x=..%2f..%2f`,
    `${path}#frag`,
  ];
};

/** Not served: a redirect to sign in, a refusal or a not-found, and never the item's text. */
function expectClosed(res: { status: number; location?: string; body: string }, title: string | null, label: string) {
  expect([301, 302, 303, 307, 308, 400, 401, 403, 404], label).toContain(res.status);
  if (res.location) expect(res.location, label).not.toMatch(/^(https?:)?\/\/|^\/\\/);
  if (title) expect(res.body, label).not.toContain(title);
}

describe('encoded and oddly shaped paths', () => {
  it('keep a customers-only page from a visitor', async () => {
    const item = customersOnlyItems[0]!;
    for (const target of disguises(item.href)) expectClosed(await rawGet(target), item.title, target);
  });

  it('keep an Acme-only page from a Globex customer', async () => {
    for (const item of acmeOnlyItems) {
      for (const target of disguises(item.href)) expectClosed(await rawGet(target, { cookie: `jisou_session=${globex}` }), item.title, target);
    }
  });

  it('keep /manage and /manage/accounts from visitors and customers', async () => {
    for (const target of [...disguises('/manage/accounts'), '/%6danage', '/manage%2F', '/MANAGE', '/api/team/../manage']) {
      expectClosed(await rawGet(target), null, target);
      const asCustomer = await rawGet(target, { cookie: `jisou_session=${globex}` });
      expectClosed(asCustomer, null, target);
      expect(asCustomer.body, target).not.toContain('acct-acme');
    }
  });
});

describe('gated media files', () => {
  it('are refused to visitors, also through encoded paths', async () => {
    expect(customersOnlyMedia.length).toBeGreaterThan(0);
    for (const path of customersOnlyMedia.slice(0, 3)) {
      for (const target of disguises(path).slice(0, 10)) {
        // Never the bytes (200/206); a redirect may normalise the path but stays on the site.
        expectClosed(await rawGet(target, { range: 'bytes=0-99' }), null, target);
      }
      expect((await get(baseUrl, path, globex)).status).toBe(200);
    }
  });

  it('restricted to some accounts are refused to other accounts (when the content has such media)', async () => {
    for (const path of acmeOnlyMedia) expect([403, 404]).toContain((await get(baseUrl, path, globex)).status);
  });
});

describe('redirects never leave the site', () => {
  it.each(['//evil.example', '//evil.example/', '/\\evil.example', '/%5cevil.example', '//evil.example/%2e%2e', '/%2f%2fevil.example'])('GET %s', async (target) => {
    const res = await rawGet(target);
    if (res.location) {
      expect(res.location).not.toMatch(/evil\.example/);
    }
    expect(res.status).not.toBe(500);
  });

  it('the sign-in redirect keeps only the path, even with a hostile Host or X-Forwarded-Host', async () => {
    const item = customersOnlyItems[0]!;
    const res = await rawGet(item.href, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect([302, 303]).toContain(res.status);
    expect(res.location).toMatch(/^\/login\?next=%2F/);
  });
});

describe('spoofed proxy and routing headers do not open anything', () => {
  const spoofs: Record<string, string>[] = [
    { 'x-astro-path': '/' },
    { 'x-astro-path': '/login' },
    { 'x-forwarded-host': 'localhost', 'x-forwarded-proto': 'https', 'x-forwarded-for': '127.0.0.1' },
    { 'x-forwarded-prefix': '/public', 'x-original-url': '/', 'x-rewrite-url': '/' },
    { 'x-middleware-subrequest': 'middleware' },
  ];

  it.each(spoofs)('%o on a customers-only page and /manage', async (headers) => {
    const item = customersOnlyItems[0]!;
    expectClosed(await rawGet(item.href, headers), item.title, item.href);
    expectClosed(await rawGet('/manage/accounts', headers), null, '/manage/accounts');
    const api = await rawGet('/api/team/members', headers);
    expect(api.status).toBe(401);
    for (const acmeItem of acmeOnlyItems) expectClosed(await rawGet(acmeItem.href, { ...headers, cookie: `jisou_session=${globex}` }), acmeItem.title, acmeItem.href);
  });
});
