import { describe, expect, it } from 'vitest';
import { checkJsonOrigin, jsonError, readJsonBody, tooManyRequests } from '../../src/lib/server/http.ts';

const post = (headers: Record<string, string>, body = '{}') => new Request('http://learn.example:4321/api/x', { method: 'POST', headers, body });

describe('JSON helpers', () => {
  it('accepts a same-origin Origin (or Referer) and refuses others with 403 JSON', async () => {
    expect(checkJsonOrigin(post({ origin: 'http://learn.example:4321' }))).toBeNull();
    expect(checkJsonOrigin(post({ referer: 'http://learn.example:4321/manuals/x' }))).toBeNull();
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'http://learn.example.evil.example/' }, {}] as Record<string, string>[]) {
      const res = checkJsonOrigin(post(headers))!;
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_origin' } });
    }
  });

  it('reads bounded JSON bodies with clear errors', async () => {
    expect(await readJsonBody(post({ 'content-type': 'application/json' }, '{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    const bad = await readJsonBody(post({ 'content-type': 'application/json' }, '{'));
    expect(bad.ok || bad.response.status).toBe(400);
    const big = await readJsonBody(post({ 'content-type': 'application/json' }, JSON.stringify({ s: 'x'.repeat(100) })), 50);
    expect(big.ok || big.response.status).toBe(413);
    const form = await readJsonBody(post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'));
    expect(form.ok || form.response.status).toBe(415);
  });

  it('gives 429 a Retry-After and every error a code and message', async () => {
    const res = tooManyRequests(30);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await jsonError('not_found', 'No such item.').json()).toEqual({ error: { code: 'not_found', message: 'No such item.' } });
  });
});
