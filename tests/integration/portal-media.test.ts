import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { canView } from '../../src/lib/access.ts';
import { CUSTOMER, audienceOf, items, signInCustomer } from '../support/portal-catalog.ts';
import { ROOT } from '../support/server.ts';

const baseUrl = inject('baseUrl');
let cookie = '';
beforeAll(() => {
  cookie = signInCustomer(inject('databasePath'));
});
/** As the signed-in customer: the demo webinars are for customers. */
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' });

const webinar = items.find(
  (i) => i.type === 'webinar' && canView(CUSTOMER, audienceOf(i)) && !/^https?:/.test((i.data.video as { src: string }).src),
);
const videoPath = (webinar?.data.video as { src: string } | undefined)?.src ?? '';

describe('/media route', () => {
  it('the content has a webinar with a self-hosted video', () => {
    expect(webinar).toBeDefined();
  });

  it('serves the whole video with type, length, validators and private caching', async () => {
    const res = await get(`/media/${videoPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^video\//);
    expect(Number(res.headers.get('content-length'))).toBe(statSync(join(ROOT, 'content/media', videoPath)).size);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect((await res.arrayBuffer()).byteLength).toBe(Number(res.headers.get('content-length')));
  });

  it('answers a Range request with 206 and exactly those bytes (video seeking)', async () => {
    const size = statSync(join(ROOT, 'content/media', videoPath)).size;
    const res = await get(`/media/${videoPath}`, { range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    const tail = await get(`/media/${videoPath}`, { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    await tail.arrayBuffer();
    const beyond = await get(`/media/${videoPath}`, { range: `bytes=${size}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
    await beyond.text();
  });

  it('answers a revalidation with 304', async () => {
    const first = await get(`/media/${videoPath}`, { range: 'bytes=0-0' });
    await first.arrayBuffer();
    const res = await get(`/media/${videoPath}`, { 'if-none-match': first.headers.get('etag')! });
    expect(res.status).toBe(304);
  });

  it.each([
    '/media/..%2f..%2fpackage.json',
    '/media/%2e%2e/%2e%2e/package.json',
    '/media/%252e%252e/package.json',
    '/media//etc/passwd',
    '/media/webinars//x.mp4',
    '/media/..%5cpackage.json',
    '/media/%2fetc%2fpasswd',
  ])('rejects the traversal attempt %s with 404', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('"name"');
  });

  it('rejects the double-slash form of a real file and files nobody references', async () => {
    const doubled = `/media/${videoPath.replace('/', '//')}`;
    expect((await get(doubled)).status).toBe(404);
    expect((await get('/media/not-referenced-anywhere.png')).status).toBe(404);
  });
});
