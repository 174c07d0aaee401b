import { describe, expect, inject, it } from 'vitest';
import { canView } from '../../src/lib/access.ts';
import { CORE_TYPES } from '../../src/lib/server/tracking/pyramid.ts';
import { afterFlush, BROWSER_UA, createPerson, newViewId, pickKeys, track } from '../support/tracking.ts';

const baseUrl = inject('baseUrl');
const dbPath = inject('databasePath');
const keys = pickKeys();
const page = (cookie?: string) =>
  fetch(`${baseUrl}/me/progress`, { headers: { 'accept-language': 'en', 'user-agent': BROWSER_UA, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });

describe('My progress', () => {
  it('sends visitors to sign in', async () => {
    const res = await page();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fme%2Fprogress');
  });

  it('shows time spent, completed items, resume points and the pyramid level from real tracking data', async () => {
    const person = createPerson(dbPath);
    // Complete every level-1 core item this person may open.
    const viewer = { userId: person.userId, role: 'customer' as const, accountId: person.accountId, segment: 'high' as const, plan: 'business' };
    const levelOne = [...keys.index]
      .filter(([, i]) => i.level === 1 && CORE_TYPES.includes(i.type) && canView(viewer, i.audience))
      .map(([k]) => k);
    expect(levelOne.length).toBeGreaterThan(0);
    const views = new Map(levelOne.map((k) => [k, newViewId()]));
    for (const [key, view] of views) await track(baseUrl, { v: 1, view, key, events: [{ t: 'view' }] }, { cookie: person.cookie });
    const webinarView = newViewId();
    await track(baseUrl, { v: 1, view: webinarView, key: keys.webinar, events: [{ t: 'view' }] }, { cookie: person.cookie });
    await new Promise((r) => setTimeout(r, 1100));
    for (const [key, view] of views) {
      // One person's time is credited once across tabs (the clamp), so a read-to-the-end beat that follows the
      // previous one within the same millisecond gets no time, and an end without time is no completion. A
      // person finishes one page after another: a little real time passes between them.
      await new Promise((r) => setTimeout(r, 25));
      const res = await track(baseUrl, { v: 1, view, key, events: [{ t: 'beat', ms: 1000, depth: 100, end: true }] }, { cookie: person.cookie });
      expect(res.status).toBe(204);
    }
    await track(baseUrl, { v: 1, view: webinarView, key: keys.webinar, events: [{ t: 'video', ms: 1000, pos: 65, dur: 90, ranges: [[64, 65]] }] }, { cookie: person.cookie });
    await afterFlush();

    const res = await page(person.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    // The person's language is Japanese.
    expect(html).toContain('わたしの学習状況');
    expect(html).toMatch(/data-testid="pyramid-level"[^>]*>\s*レベル1/);
    expect(html).toContain('1:05 から再生');
    expect(html).not.toContain('まだ完了したコンテンツはありません');
    expect(html).toMatch(/data-testid="total-time"[^>]*>\s*\d+分/);
  });
});

describe('/healthz', () => {
  it('reports the database and the tracking counters', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database.reachable).toBe(true);
    expect(body.tracking).toMatchObject({ running: true, dropped: 0 });
    expect(typeof body.tracking.buffered).toBe('number');
  });
});
