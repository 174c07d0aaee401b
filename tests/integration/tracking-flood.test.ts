import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { afterFlush, createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';

// Issue 12, item 5: a flood of tracking requests from one client is held to that client's budget (429 +
// Retry-After), impressions count once per page view and key, and other readers keep being accepted.
// Its own server, with the shipped default budgets, so the flood cannot disturb other test files.
const keys = pickKeys();
const publicKeys = [...keys.index].filter(([, i]) => i.audience === 'public').map(([k]) => k).slice(0, 50);
const VISITOR_PER_MINUTE = 300; // JISOU_TRACK_VISITOR_ROWS_PER_MINUTE default
const BURST = VISITOR_PER_MINUTE / 4;
const ROWS_PER_REQUEST = 3 + publicKeys.length;
let server: TestServer;

beforeAll(async () => {
  // TRUST_PROXY: the tests stand for visitors at different addresses through X-Forwarded-For.
  server = await startTestServer({ JISOU_DEMO: 'false', TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const visitor = (address: string) => ({ 'x-forwarded-for': address });

/** POST like track(), with extra headers (the visitor's address). */
function post(body: unknown, headers: Record<string, string> = {}, cookie?: string) {
  return fetch(`${server.baseUrl}/api/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });
}

describe('tracking flood', () => {
  it('holds a signed-out flooder to its budget with 429 + Retry-After while a reader and another visitor are accepted', async () => {
    const reader = createPerson(server.databasePath);
    const readerView = newViewId();
    expect((await track(server.baseUrl, { v: 1, view: readerView, key: keys.manual, events: [{ t: 'view' }] }, { cookie: reader.cookie })).status).toBe(204);
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    let flooding = true;
    const started = Date.now();
    // 8 connections posting as fast as they can: a new page view with a beat and 50 impressions each time.
    const flood = Array.from({ length: 8 }, async () => {
      while (flooding) {
        const events = [{ t: 'view' }, { t: 'beat', ms: 15_000 }, { t: 'imp', keys: publicKeys }];
        const res = await post({ v: 1, view: newViewId(), key: keys.publicKey, events }, visitor('203.0.113.7'));
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
      }
    });
    const readerStatuses: number[] = [];
    const otherStatuses: number[] = [];
    const otherView = newViewId();
    for (let i = 0; i < 16; i++) {
      await sleep(250);
      const beat = await track(server.baseUrl, { v: 1, view: readerView, key: keys.manual, events: [{ t: 'beat', ms: 250 }] }, { cookie: reader.cookie });
      readerStatuses.push(beat.status);
      if (i % 4 === 0) otherStatuses.push((await post({ v: 1, view: otherView, key: keys.publicKey, events: [{ t: 'view' }, { t: 'beat', ms: 1000 }] }, visitor('198.51.100.2'))).status);
    }
    flooding = false;
    await Promise.all(flood);
    const seconds = (Date.now() - started) / 1000;
    await afterFlush();

    expect(statuses.get(429) ?? 0).toBeGreaterThan(100);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect([...statuses.keys()].sort()).toEqual([204, 429]);
    // Rows the flooder got written: one burst, the refill over the run, and one request of slack.
    const flooderRows = query<{ n: number }>(server.databasePath, `SELECT count(*) AS n FROM tracking_events WHERE user_id = '' AND view_id <> ?`, otherView)[0]!.n;
    expect(flooderRows).toBeLessThanOrEqual(BURST + (VISITOR_PER_MINUTE / 60) * seconds + ROWS_PER_REQUEST);
    expect(flooderRows).toBeGreaterThan(0);
    // Everyone else: every beat accepted and written.
    expect(readerStatuses.every((s) => s === 204)).toBe(true);
    expect(otherStatuses.every((s) => s === 204)).toBe(true);
    expect(query(server.databasePath, `SELECT id FROM tracking_events WHERE view_id = ? AND kind = 'beat'`, readerView)).toHaveLength(16);
    expect(query(server.databasePath, `SELECT id FROM tracking_events WHERE view_id = ?`, otherView).length).toBeGreaterThanOrEqual(otherStatuses.length);
    const health = await (await fetch(`${server.baseUrl}/healthz`)).json();
    expect(health.tracking.dropped).toBe(0);
    expect(health.tracking.limited).toBeGreaterThan(100);
  }, 60_000);

  it('holds a signed-in person to their own budget across tabs, without touching another person', async () => {
    const flooder = createPerson(server.databasePath);
    const other = createPerson(server.databasePath);
    let limited: Response | undefined;
    // Distinct page views, so no clamping or de-duplication saves the budget: 1 row each.
    for (let i = 0; i < 800 && !limited; i++) {
      const res = await track(server.baseUrl, { v: 1, view: newViewId(), key: keys.manual, events: [{ t: 'view' }] }, { cookie: flooder.cookie });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(204);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited!.json()).error).toMatch(/too many/);
    expect((await track(server.baseUrl, { v: 1, view: newViewId(), key: keys.manual, events: [{ t: 'view' }] }, { cookie: other.cookie })).status).toBe(204);
  });

  it('counts an impression once per page view and key, and writes one row per kind of page event per request', async () => {
    const person = createPerson(server.databasePath);
    const listing = newViewId();
    const [a, b, c] = publicKeys;
    // The same keys repeated inside one request, then again in later requests of the same page view.
    expect((await track(server.baseUrl, { v: 1, view: listing, events: [{ t: 'imp', keys: [a, b, a] }, { t: 'imp', keys: [b, a] }] }, { cookie: person.cookie })).status).toBe(204);
    expect((await track(server.baseUrl, { v: 1, view: listing, events: [{ t: 'imp', keys: [a, b, c] }] }, { cookie: person.cookie })).status).toBe(204);
    expect((await track(server.baseUrl, { v: 1, view: listing, events: [{ t: 'imp', keys: [c, a] }] }, { cookie: person.cookie })).status).toBe(204);
    // 50 beats in one request: one row (they share one instant, so only one could earn anything).
    const page = newViewId();
    const beats = Array.from({ length: 49 }, () => ({ t: 'beat', ms: 15_000 }));
    expect((await track(server.baseUrl, { v: 1, view: page, key: keys.manual, events: [{ t: 'view' }, ...beats] }, { cookie: person.cookie })).status).toBe(204);
    // More than 50 different impression keys in one request is refused.
    const many = [...keys.index.keys()].slice(0, 51);
    if (many.length === 51) expect((await track(server.baseUrl, { v: 1, view: newViewId(), events: [{ t: 'imp', keys: many.slice(0, 50) }, { t: 'imp', keys: many.slice(50) }] }, { cookie: person.cookie })).status).toBe(400);
    await afterFlush();
    const imps = query<{ content_key: string }>(server.databasePath, `SELECT content_key FROM tracking_events WHERE view_id = ? AND kind = 'imp' ORDER BY content_key`, listing);
    expect(imps.map((r) => r.content_key)).toEqual([a, b, c].sort());
    const [daily] = query<{ n: number }>(server.databasePath, `SELECT sum(impressions) AS n FROM tracking_daily WHERE user_id = ? AND content_key = ?`, person.userId, a);
    expect(daily!.n).toBe(1);
    expect(query<{ kind: string }>(server.databasePath, 'SELECT kind FROM tracking_events WHERE view_id = ? ORDER BY id', page).map((r) => r.kind)).toEqual(['view', 'beat']);
  });
});
