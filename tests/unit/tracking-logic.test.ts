import { describe, expect, it } from 'vitest';
import { trackPayload, TRACK_MAX_EVENTS } from '../../src/schemas/tracking.ts';
import { BoundedMap, clampActive, clampVideo, newViewState, pruneClocks, type PersonClocks } from '../../src/lib/server/tracking/clamp.ts';
import { coveredSeconds, mergeRanges, clipRanges } from '../../src/lib/server/tracking/ranges.ts';
import { computePyramidPosition } from '../../src/lib/server/tracking/pyramid.ts';
import { isBot } from '../../src/lib/server/tracking/bots.ts';
import { isSameOrigin } from '../../src/lib/server/tracking/http.ts';
import { dayOf } from '../../src/lib/server/tracking/day.ts';

describe('credit clamping', () => {
  it('never credits a page view more than the wall clock, however beats are replayed', () => {
    const persons: PersonClocks = new Map();
    const view = newViewState('v1', 'k', 'u', 'a', 0);
    let total = 0;
    for (let i = 0; i < 1000; i++) total += clampActive(view, persons, 15_000, 1000); // 1,000 beats at t = 1 s
    expect(total).toBe(1000);
    expect(clampActive(view, persons, 15_000, 16_000)).toBe(15_000); // an honest beat later is paid in full
  });

  it('shares one wall clock between the parallel tabs of a person', () => {
    const persons: PersonClocks = new Map();
    const a = newViewState('a', 'k1', 'u', 'acc', 0);
    const b = newViewState('b', 'k2', 'u', 'acc', 0);
    expect(clampActive(a, persons, 15_000, 15_000)).toBe(15_000);
    expect(clampActive(b, persons, 15_000, 15_000)).toBe(0);
    expect(clampActive(b, persons, 5_000, 20_000)).toBe(5_000);
  });

  it('keeps anonymous views apart (no person clock) and clamps video per view', () => {
    const persons: PersonClocks = new Map();
    const anon1 = newViewState('x', 'k', '', '', 0);
    const anon2 = newViewState('y', 'k', '', '', 0);
    expect(clampActive(anon1, persons, 10_000, 10_000)).toBe(10_000);
    expect(clampActive(anon2, persons, 10_000, 10_000)).toBe(10_000);
    expect(persons.size).toBe(0);
    const v = newViewState('v', 'w', 'u', 'a', 0);
    expect(clampVideo(v, persons, 30_000, 10_000)).toBe(10_000);
    expect(clampVideo(v, persons, 30_000, 10_000)).toBe(0);
  });

  it('credits one view reading and video for the same stretch, but never two views', () => {
    const persons: PersonClocks = new Map();
    const webinar = newViewState('w1', 'talk', 'u', 'a', 0);
    // One tab playing a webinar: the stretch counts as video and as active time on that page.
    expect(clampActive(webinar, persons, 10_000, 10_000)).toBe(10_000);
    expect(clampVideo(webinar, persons, 10_000, 10_000)).toBe(10_000);
    // Ten more views of it (or of other webinars) playing at once earn nothing of that stretch.
    const others = Array.from({ length: 10 }, (_, i) => newViewState(`o${i}`, i % 2 ? 'talk' : 'other', 'u', 'a', 0));
    for (const o of others) expect(clampVideo(o, persons, 10_000, 10_000) + clampActive(o, persons, 10_000, 10_000)).toBe(0);
    // Later, whichever view reports first takes the new stretch; the rest get what is left.
    expect(clampVideo(others[0]!, persons, 5_000, 15_000)).toBe(5_000);
    expect(clampVideo(webinar, persons, 5_000, 15_000)).toBe(0);
    expect(clampActive(others[0]!, persons, 5_000, 15_000)).toBe(5_000);
  });

  it('starts a person first seen at the floor (what was credited before a restart is not paid again)', () => {
    const persons: PersonClocks = new Map();
    const reloaded = newViewState('r', 'k', 'u', 'a', 0); // a view from before the restart, cursor at 0
    expect(clampActive(reloaded, persons, 15_000, 20_000, 12_000)).toBe(8_000);
    pruneClocks(persons, 20_000 + 600_001, 600_000);
    expect(persons.size).toBe(0);
  });

  it('bounds its state', () => {
    const m = new BoundedMap<number, number>(3);
    for (let i = 0; i < 10; i++) m.set(i, i);
    expect([...m.keys()]).toEqual([7, 8, 9]);
  });
});

describe('watched ranges', () => {
  it('does not double coverage when a stretch is watched again', () => {
    const first = mergeRanges([], [[0, 30]]);
    const replay = mergeRanges(first, [[20, 30]]);
    expect(coveredSeconds(replay)).toBe(30);
    expect(mergeRanges(replay, [[40, 50], [29, 41]])).toEqual([[0, 50]]);
    expect(clipRanges([[-5, 10], [80, 120]], 90)).toEqual([[0, 10], [80, 90]]);
  });
});

describe('payload schema', () => {
  const base = { v: 1, view: 'abcdefghijklmnop', key: 'getting-started' };
  it('strips identity fields a client may try to send', () => {
    const parsed = trackPayload.parse({ ...base, userId: 'someone', accountId: 'acme', events: [{ t: 'beat', ms: 1000, userId: 'x' }] });
    expect(parsed).not.toHaveProperty('userId');
    expect(parsed.events[0]).not.toHaveProperty('userId');
  });
  it('refuses too many events, huge claims, bad keys and inverted ranges', () => {
    expect(trackPayload.safeParse({ ...base, events: Array.from({ length: TRACK_MAX_EVENTS + 1 }, () => ({ t: 'view' })) }).success).toBe(false);
    expect(trackPayload.safeParse({ ...base, events: [{ t: 'beat', ms: 3_600_000 }] }).success).toBe(false);
    expect(trackPayload.safeParse({ ...base, key: '../etc', events: [{ t: 'view' }] }).success).toBe(false);
    expect(trackPayload.safeParse({ ...base, events: [{ t: 'video', ms: 1, pos: 1, dur: 2, ranges: [[5, 1]] }] }).success).toBe(false);
    // Impressions: 50 different keys per request at most (repeats are one).
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);
    expect(trackPayload.safeParse({ ...base, events: [{ t: 'imp', keys: keys(50) }, { t: 'imp', keys: keys(50) }] }).success).toBe(true);
    expect(trackPayload.safeParse({ ...base, events: [{ t: 'imp', keys: keys(50) }, { t: 'imp', keys: ['item-99'] }] }).success).toBe(false);
  });
});

describe('pyramid position', () => {
  const items = [
    { key: 'm1', level: 1 as const, type: 'manual' as const },
    { key: 'm2', level: 1 as const, type: 'manual' as const },
    { key: 'a1', level: 2 as const, type: 'article' as const },
    { key: 'n1', level: 4 as const, type: 'announcement' as const },
    { key: 'c1', level: 3 as const, type: 'case-study' as const },
  ];
  it('climbs from the bottom: a level counts only when every level below it is covered', () => {
    expect(computePyramidPosition(items, new Set(), 80).level).toBe(0);
    expect(computePyramidPosition(items, new Set(['m1', 'm2']), 80).level).toBe(1);
    expect(computePyramidPosition(items, new Set(['m1', 'a1', 'c1']), 80).level).toBe(0);
    expect(computePyramidPosition(items, new Set(['m1', 'a1', 'c1']), 50).level).toBe(3);
    // Level 4 has no core items (announcements only point at content), so the top reached is 3.
    expect(computePyramidPosition(items, new Set(['m1', 'm2', 'a1', 'c1']), 80).levels[3]).toMatchObject({ level: 4, total: 0 });
  });
});

describe('request checks', () => {
  it('recognises crawlers and HTTP libraries', () => {
    expect(isBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe(true);
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36')).toBe(true);
    expect(isBot('curl/8.5.0')).toBe(true);
    expect(isBot(undefined)).toBe(true);
    expect(isBot('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe(false);
  });
  it('accepts only the own origin (or the configured public one)', () => {
    expect(isSameOrigin('http://localhost:4321', 'localhost:4321')).toBe(true);
    expect(isSameOrigin('https://evil.example', 'localhost:4321')).toBe(false);
    expect(isSameOrigin(undefined, 'localhost:4321')).toBe(false);
    expect(isSameOrigin('null', 'localhost:4321')).toBe(false);
    expect(isSameOrigin('https://learn.example.com', 'internal:8080', 'https://learn.example.com')).toBe(true);
  });
  it('puts events on the calendar day of the reporting time zone', () => {
    const at = Date.UTC(2026, 10, 22, 16, 30); // 01:30 on the 23rd in Tokyo
    expect(dayOf(at, 'Asia/Tokyo')).toBe('2026-11-23');
    expect(dayOf(at, 'UTC')).toBe('2026-11-22');
  });
});

describe('a person\'s pyramid position by doing', () => {
  const items = [
    { key: 'm1', level: 1 as const, type: 'manual' as const },
    { key: 'a4', level: 4 as const, type: 'article' as const },
    { key: 'c5', level: 5 as const, type: 'case-study' as const },
  ];
  it('reading the level-4 and level-5 pages does not climb; attending does, and a presented success gives 5', () => {
    const read = new Set(['m1', 'a4', 'c5']);
    expect(computePyramidPosition(items, read, 80).level).toBe(5); // the reading rule, without `doing`
    expect(computePyramidPosition(items, read, 80, { eventsAttended: 0, presented: false, communityEvents: 1 }).level).toBe(1);
    expect(computePyramidPosition(items, read, 80, { eventsAttended: 0, presented: false, communityEvents: 1 }).levels[3]).toMatchObject({ level: 4, covered: 1 });
    expect(computePyramidPosition(items, new Set(['m1']), 80, { eventsAttended: 1, presented: false, communityEvents: 1 }).level).toBe(4);
    expect(computePyramidPosition(items, new Set(['m1']), 80, { eventsAttended: 1, presented: true, communityEvents: 1 }).level).toBe(5);
    expect(computePyramidPosition(items, new Set(), 80, { eventsAttended: 3, presented: true, communityEvents: 1 }).level).toBe(0);
    expect(computePyramidPosition(items, read, 80, { eventsAttended: 0, presented: false, communityEvents: 0 }).level).toBe(5);
  });
});
