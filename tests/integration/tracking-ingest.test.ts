import { beforeAll, describe, expect, inject, it } from 'vitest';
import { afterFlush, createPerson, newViewId, pickKeys, query, track, type TestPerson } from '../support/tracking.ts';

const baseUrl = inject('baseUrl');
const dbPath = inject('databasePath');
const keys = pickKeys();
const rowsOf = (view: string) => query<{ user_id: string; account_id: string; credit_ms: number; kind: string }>(dbPath, 'SELECT * FROM tracking_events WHERE view_id = ?', view);

let acme: TestPerson;
let globex: TestPerson;
beforeAll(() => {
  acme = createPerson(dbPath);
  globex = createPerson(dbPath);
});

describe('POST /api/track', () => {
  it('credits the session person and ignores forged account and user ids', async () => {
    const view = newViewId();
    const forged = { userId: globex.userId, accountId: globex.accountId };
    const res = await track(
      baseUrl,
      { v: 1, view, key: keys.manual, ...forged, events: [{ t: 'view', ...forged }, { t: 'beat', ms: 5000, ...forged }] },
      { cookie: acme.cookie },
    );
    expect(res.status).toBe(204);
    await afterFlush();
    const rows = rowsOf(view);
    expect(rows.length).toBe(2);
    for (const r of rows) expect([r.user_id, r.account_id]).toEqual([acme.userId, acme.accountId]);
    const aware = query(dbPath, 'SELECT * FROM tracking_account_awareness WHERE account_id = ? AND content_key = ?', globex.accountId, keys.manual);
    expect(aware).toEqual([]);
  });

  it('credits 1,000 beats sent within one second for one page view with about one second at most, in one row per request', async () => {
    const view = newViewId();
    const started = Date.now();
    expect((await track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie: acme.cookie })).status).toBe(204);
    // 20 requests × 50 beats, each beat claiming 15 s, all sent at once.
    const beat = { t: 'beat', ms: 15000 };
    const requests = Array.from({ length: 20 }, () =>
      track(baseUrl, { v: 1, view, key: keys.manual, events: Array.from({ length: 50 }, () => beat) }, { cookie: acme.cookie }),
    );
    const statuses = await Promise.all(requests.map((p) => p.then((r) => r.status)));
    const elapsed = Date.now() - started;
    expect(new Set(statuses)).toEqual(new Set([204]));
    expect(elapsed).toBeLessThan(1500);
    await afterFlush();
    // One row per request (its 50 beats share one instant, so only one of them could earn anything).
    expect(rowsOf(view).length).toBe(21);
    const credited = rowsOf(view).reduce((s, r) => s + r.credit_ms, 0);
    expect(credited).toBeLessThanOrEqual(elapsed);
    expect(credited).toBeLessThanOrEqual(Math.max(1000, elapsed));
    const daily = query<{ active_ms: number; views: number }>(dbPath, 'SELECT active_ms, views FROM tracking_daily WHERE user_id = ? AND content_key = ?', acme.userId, keys.manual);
    expect(daily.reduce((s, d) => s + d.active_ms, 0)).toBeLessThanOrEqual(5000 + elapsed);
  });

  it('never credits one person more than the wall clock across parallel tabs', async () => {
    const person = createPerson(dbPath);
    const tabs = [newViewId(), newViewId(), newViewId()];
    for (const view of tabs) await track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie: person.cookie });
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all(tabs.map((view) => track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'beat', ms: 1000 }] }, { cookie: person.cookie })));
    const elapsed = Date.now() - started;
    await afterFlush();
    const credited = tabs.flatMap(rowsOf).reduce((s, r) => s + r.credit_ms, 0);
    expect(credited).toBeGreaterThan(800);
    expect(credited).toBeLessThanOrEqual(elapsed + 100);
  });

  it('refuses malformed, oversized and unknown-key payloads with 4xx and writes nothing', async () => {
    const view = newViewId();
    const cases: [string, Parameters<typeof track>[1], Parameters<typeof track>[2], number][] = [
      ['not JSON', null, { raw: '{"v":1,', cookie: acme.cookie }, 400],
      ['wrong types', { v: 1, view, key: keys.manual, events: [{ t: 'beat', ms: 'lots' }] }, { cookie: acme.cookie }, 400],
      ['claim beyond the limit', { v: 1, view, key: keys.manual, events: [{ t: 'beat', ms: 86_400_000 }] }, { cookie: acme.cookie }, 400],
      ['51 events', { v: 1, view, key: keys.manual, events: Array.from({ length: 51 }, () => ({ t: 'view' })) }, { cookie: acme.cookie }, 400],
      ['over 16 KB', { v: 1, view, key: keys.manual, events: [{ t: 'view' }], pad: 'x'.repeat(17_000) }, { cookie: acme.cookie }, 413],
      ['unknown key', { v: 1, view, key: 'no-such-item-anywhere', events: [{ t: 'view' }] }, { cookie: acme.cookie }, 422],
      ['unknown impression key', { v: 1, view, events: [{ t: 'imp', keys: [keys.manual, 'no-such-item-anywhere'] }] }, { cookie: acme.cookie }, 422],
    ];
    for (const [name, body, opts, status] of cases) {
      const res = await track(baseUrl, body, opts);
      expect(res.status, name).toBe(status);
      expect((await res.json()).error, name).toBeTruthy();
    }
    await afterFlush();
    expect(rowsOf(view)).toEqual([]);
  });

  it('answers with the security headers, the request id and no-store, accepted or refused', async () => {
    const body = { v: 1, view: newViewId(), key: keys.manual, events: [{ t: 'view' }] };
    for (const res of [await track(baseUrl, body, { cookie: acme.cookie }), await track(baseUrl, body, { cookie: acme.cookie, origin: 'https://evil.example' })]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses cross-origin and origin-less POSTs with 403', async () => {
    const view = newViewId();
    const body = { v: 1, view, key: keys.manual, events: [{ t: 'view' }] };
    expect((await track(baseUrl, body, { cookie: acme.cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await track(baseUrl, body, { cookie: acme.cookie, origin: null })).status).toBe(403);
    await afterFlush();
    expect(rowsOf(view)).toEqual([]);
  });

  it('counts anonymous visitors of public content apart and refuses them on gated content', async () => {
    const open = newViewId();
    expect((await track(baseUrl, { v: 1, view: open, key: keys.publicKey, events: [{ t: 'view' }] })).status).toBe(204);
    const gated = newViewId();
    expect((await track(baseUrl, { v: 1, view: gated, key: keys.customersOnly, events: [{ t: 'view' }] })).status).toBe(403);
    await afterFlush();
    expect(rowsOf(open).map((r) => [r.user_id, r.account_id])).toEqual([['', '']]);
    expect(rowsOf(gated)).toEqual([]);
  });

  it('stops crediting a person the moment they sign out, although the ingest caches sessions', async () => {
    const person = createPerson(dbPath);
    const gated = (view: string) => track(baseUrl, { v: 1, view, key: keys.customersOnly, events: [{ t: 'view' }] }, { cookie: person.cookie });
    expect((await gated(newViewId())).status).toBe(204);
    const out = await fetch(`${baseUrl}/logout`, {
      method: 'POST', redirect: 'manual', body: '',
      headers: { cookie: person.cookie, origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(out.status).toBe(303);
    // The same cookie is now nobody's: gated content is refused instead of credited to the person.
    const after = newViewId();
    expect((await gated(after)).status).toBe(403);
    await afterFlush();
    expect(rowsOf(after)).toEqual([]);
  });

  it('ignores crawlers', async () => {
    const view = newViewId();
    const res = await track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie: acme.cookie, ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    expect(res.status).toBe(204);
    await afterFlush();
    expect(rowsOf(view)).toEqual([]);
  });

  it('refuses a page-view id replayed by another person', async () => {
    const view = newViewId();
    await track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie: acme.cookie });
    const res = await track(baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'beat', ms: 1000 }] }, { cookie: globex.cookie });
    expect(res.status).toBe(409);
  });
});

describe('rollups, awareness and resume', () => {
  it('keeps daily rollups, awareness and the video resume point current', async () => {
    const person = createPerson(dbPath);
    const listing = newViewId();
    await track(baseUrl, { v: 1, view: listing, events: [{ t: 'imp', keys: [keys.webinar] }] }, { cookie: person.cookie });
    const view = newViewId();
    await track(baseUrl, { v: 1, view, key: keys.webinar, events: [{ t: 'view' }] }, { cookie: person.cookie });
    await new Promise((r) => setTimeout(r, 1500));
    const res = await track(
      baseUrl,
      { v: 1, view, key: keys.webinar, events: [{ t: 'beat', ms: 1500 }, { t: 'video', ms: 1500, pos: 42, dur: 90, ranges: [[40.5, 42]] }] },
      { cookie: person.cookie },
    );
    expect(res.status).toBe(204);
    // The resume point is served at once, before the batch write.
    const resume = await fetch(`${baseUrl}/api/track/resume?key=${keys.webinar}`, { headers: { cookie: person.cookie } });
    expect((await resume.json()).position).toBe(42);
    expect((await fetch(`${baseUrl}/api/track/resume?key=${keys.webinar}`)).status).toBe(401);
    await afterFlush();
    const daily = query<{ active_ms: number; video_ms: number; views: number; impressions: number }>(
      dbPath, 'SELECT * FROM tracking_daily WHERE user_id = ? AND content_key = ?', person.userId, keys.webinar);
    expect(daily.length).toBe(1);
    expect(daily[0]!.views).toBe(1);
    expect(daily[0]!.impressions).toBe(1);
    expect(daily[0]!.active_ms).toBeGreaterThan(1300);
    expect(daily[0]!.active_ms).toBeLessThanOrEqual(1500);
    const aware = query<{ first_impression_at: number; first_view_at: number }>(
      dbPath, 'SELECT * FROM tracking_account_awareness WHERE account_id = ? AND content_key = ?', person.accountId, keys.webinar);
    expect(aware[0]!.first_impression_at).toBeLessThanOrEqual(aware[0]!.first_view_at);
    const progress = query<{ position: number; covered_seconds: number }>(dbPath, 'SELECT * FROM tracking_progress WHERE user_id = ? AND content_key = ?', person.userId, keys.webinar);
    expect(progress[0]!.position).toBe(42);
    expect(progress[0]!.covered_seconds).toBeCloseTo(1.5, 1);
  });
});
