import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { ROOT } from '../support/server.ts';
import { getOnWire } from '../support/wire.ts';

// Responses are compressed (issue 13, item 14): brotli or gzip as Accept-Encoding allows, Vary said,
// nothing compressed twice (Pagefind's chunks are gzip files already), identity when the client asks.
const baseUrl = inject('baseUrl');
const SEARCH = join(ROOT, 'dist', 'search', 'public');
const vary = (h: Record<string, string | string[] | undefined>) => String(h.vary ?? '').toLowerCase();

describe('compressed responses', () => {
  it('a page comes as brotli when the browser accepts it, gzip otherwise, plain when it accepts neither', async () => {
    const plain = await getOnWire(baseUrl, '/', { 'accept-language': 'ja' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const html = plain.body.toString('utf8');
    expect(html).toContain('<html lang="ja"');

    const br = await getOnWire(baseUrl, '/', { 'accept-language': 'ja', 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(vary(br.headers)).toContain('accept-encoding');
    expect(br.body.toString('utf8')).toContain('<html lang="ja"');
    // The same page, far fewer bytes on the wire.
    expect(br.raw.length).toBeLessThan(plain.raw.length / 3);

    const gz = await getOnWire(baseUrl, '/', { 'accept-language': 'ja', 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.toString('utf8')).toContain('<html lang="ja"');
    expect(gz.raw.length).toBeLessThan(plain.raw.length / 2);
  });

  it('stylesheets and scripts from dist/client and JSON from the API are compressed too', async () => {
    const html = (await getOnWire(baseUrl, '/')).body.toString('utf8');
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeTruthy();
    const sheet = await getOnWire(baseUrl, css!, { 'accept-encoding': 'br' });
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-encoding']).toBe('br');
    expect(sheet.body.equals(readFileSync(join(ROOT, 'dist', 'client', css!)))).toBe(true);

    const js = readdirSync(join(ROOT, 'dist', 'client', '_astro')).filter((f) => f.endsWith('.js')).find((f) => readFileSync(join(ROOT, 'dist', 'client', '_astro', f)).length > 2048);
    expect(js).toBeTruthy();
    const script = await getOnWire(baseUrl, `/_astro/${js}`, { 'accept-encoding': 'gzip' });
    expect(script.headers['content-encoding']).toBe('gzip');

    const health = await getOnWire(baseUrl, '/healthz', { 'accept-encoding': 'br' });
    expect(JSON.parse(health.body.toString('utf8')).database.reachable).toBe(true);
  });

  it('Pagefind chunks (already gzip files) are sent as they are, never compressed a second time', async () => {
    const name = readdirSync(join(SEARCH, 'fragment'))[0]!;
    const onDisk = readFileSync(join(SEARCH, 'fragment', name));
    expect(onDisk.subarray(0, 2).toString('hex')).toBe('1f8b'); // a gzip file as Pagefind wrote it
    const chunk = await getOnWire(baseUrl, `/search-index/public/fragment/${name}`, { 'accept-encoding': 'gzip, br' });
    expect(chunk.status).toBe(200);
    expect(chunk.headers['content-encoding']).toBeUndefined();
    expect(chunk.raw.equals(onDisk)).toBe(true);

    // Its script is gzipped once by the search route (one decode gives the JavaScript).
    const script = await getOnWire(baseUrl, '/search-index/public/pagefind.js', { 'accept-encoding': 'gzip, br' });
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.body.equals(readFileSync(join(SEARCH, 'pagefind.js')))).toBe(true);
    expect(() => gunzipSync(script.body)).toThrow();
  });
});
