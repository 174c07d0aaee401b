import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCdpChromium, type Browser, type Tab } from '../support/cdp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createPerson, pickKeys, query, type TestPerson } from '../support/tracking.ts';

// The real tracker and ingest with shortened intervals (configuration, not different logic):
// idle window 5 s instead of 60 s, heartbeat 2 s instead of 15 s, batch writes every 200 ms.
const IDLE_S = 5;
const keys = pickKeys();
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ JISOU_TRACK_IDLE_SECONDS: String(IDLE_S), JISOU_TRACK_HEARTBEAT_SECONDS: '2', JISOU_TRACK_FLUSH_MS: '200' });
  browser = await launchCdpChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const href = (type: string, key: string) => `${server.baseUrl}/${type}/${key}`;
/** Seconds credited to a person on an item (the server-clamped sum). */
const credited = (p: TestPerson, key: string, kind = 'beat') =>
  query<{ s: number | null }>(server.databasePath, 'SELECT sum(credit_ms) / 1000.0 AS s FROM tracking_events WHERE user_id = ? AND content_key = ? AND kind = ?', p.userId, key, kind)[0]!.s ?? 0;

async function signedInTab(url: string): Promise<{ person: TestPerson; tab: Tab; open: (u: string, newWindow?: boolean) => Promise<Tab> }> {
  const person = createPerson(server.databasePath);
  const ctx = await browser.newContext(server.baseUrl, person.cookie);
  return { person, tab: await ctx.open(url), open: ctx.open };
}

/** Leave the page the way a person does (pagehide flushes the last beat), then let the batch land. */
async function leave(tab: Tab) {
  await tab.navigate('about:blank');
  // The last beat goes out on pagehide and reaches the database through the batched writer (≤ 1 s).
  await sleep(1200);
}

describe.concurrent('tracker in Chromium', () => {
  it('credits N ± 2 s for N seconds of active reading of a manual', async () => {
    const { person, tab } = await signedInTab(href('manuals', keys.manual));
    // About 10 s of reading; N is measured, since a busy CI machine stretches every step.
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      await tab.nudge();
      await sleep(1000);
    }
    const N = (Date.now() - started) / 1000;
    // Loading the page is itself a sign of a person, so the reading began when the page did: on a busy
    // machine that is seconds before the test's first nudge. The page's own clock says how long ago.
    const sinceLoad = (await tab.evaluate<number>('performance.now()')) / 1000;
    await leave(tab);
    expect(credited(person, keys.manual)).toBeGreaterThanOrEqual(N - 2);
    expect(credited(person, keys.manual)).toBeLessThanOrEqual(Math.max(N, sinceLoad) + 2);
  });

  it('credits nothing while the tab is hidden behind another tab, whatever arrives meanwhile', async () => {
    const { person, tab, open } = await signedInTab(href('manuals', keys.manual));
    // Upper bound of what may be credited before the manual is hidden: the time since it started loading.
    const beforeHiding = (await tab.evaluate<number>('performance.now()')) / 1000;
    const cover = await open('about:blank', false); // a new tab in the same window hides the manual
    expect(await tab.evaluate('document.visibilityState')).toBe('hidden');
    // Input events still arrive (a script, a stray wheel): hidden means no credit all the same.
    for (let i = 0; i < 12; i++) {
      await tab.evaluate(`dispatchEvent(new PointerEvent('pointermove')), dispatchEvent(new Event('scroll'))`);
      await sleep(1000);
    }
    await cover.close();
    await tab.activate();
    expect(await tab.evaluate('document.visibilityState')).toBe('visible');
    // Visible again and read for about 3 s: those count, the 12 hidden seconds before them don't.
    const shown = Date.now();
    for (let i = 0; i < 3; i++) {
      await tab.nudge();
      await sleep(1000);
    }
    const visibleReading = (Date.now() - shown) / 1000;
    await leave(tab);
    expect(credited(person, keys.manual)).toBeGreaterThanOrEqual(visibleReading - 1.5);
    expect(credited(person, keys.manual)).toBeLessThanOrEqual(beforeHiding + visibleReading + 1.5);
  });

  it('credits at most the idle window for a long idle stretch', async () => {
    const { person, tab } = await signedInTab(href('manuals', keys.manual));
    await tab.nudge();
    const loadToInput = (await tab.evaluate<number>('performance.now()')) / 1000;
    // 2 idle minutes at the real 60 s window, scaled to the 5 s window used here: 10 s.
    await sleep(IDLE_S * 2 * 1000);
    await leave(tab);
    // The idle window after the last input, plus the moment between page load (itself a sign of a
    // person) and that input (seconds on a busy machine: the page's own clock says how long), within
    // the same 2 s as the other measurements.
    expect(credited(person, keys.manual)).toBeLessThanOrEqual(IDLE_S + Math.max(2, loadToInput + 1));
    expect(credited(person, keys.manual)).toBeGreaterThanOrEqual(IDLE_S - 2);
  });

  it('credits at most the idle window when the clock jumps back an hour mid-read and the reader then goes idle', async () => {
    const person = createPerson(server.databasePath);
    const ctx = await browser.newContext(server.baseUrl, person.cookie);
    const tab = await ctx.open('about:blank');
    // The page's wall clock (Date) can be moved by the test: NTP, a person changing it, a forged clock.
    await tab.addInitScript(`(() => {
      const Real = Date;
      let shift = 0;
      const now = () => Real.now() + shift;
      globalThis.__jumpClock = (ms) => { shift += ms; };
      globalThis.Date = class extends Real {
        constructor(...a) { super(...(a.length ? a : [now()])); }
        static now() { return now(); }
      };
    })()`);
    await tab.navigate(href('manuals', keys.manual));
    for (let i = 0; i < 2; i++) {
      await tab.nudge();
      await sleep(1000);
    }
    // Upper bound of what the reading so far may earn: the time since the page started loading.
    const beforeJump = (await tab.evaluate<number>('performance.now()')) / 1000;
    await tab.evaluate('__jumpClock(-3_600_000)');
    expect(await tab.evaluate('Date.now() < performance.timeOrigin')).toBe(true);
    // Then idle for three idle windows: only the first window after the last input may count.
    await sleep(IDLE_S * 3 * 1000);
    await leave(tab);
    expect(credited(person, keys.manual)).toBeLessThanOrEqual(beforeJump + IDLE_S + 1.5);
    expect(credited(person, keys.manual)).toBeGreaterThanOrEqual(IDLE_S - 2);
  });

  it('credits 30 ± 2 s for 30 s of video, does not double coverage on a replay, and resumes after a reload', async () => {
    const { person, tab } = await signedInTab(href('webinars', keys.webinar));
    const video = `document.querySelector('video')`;
    await tab.evaluate(`${video}.play().then(() => true)`);
    await sleep(30_000);
    await tab.evaluate(`${video}.pause()`);
    // What the player really played (it may start late on a busy machine): the truth to compare with.
    const watchedTo = await tab.evaluate<number>(`${video}.currentTime`);
    expect(watchedTo).toBeGreaterThan(25);
    // The pause's last beat reaches the database through the batched writer (≤ 1 s, longer on a busy
    // machine): wait for it up to a few seconds, then the figure must be within 2 s of what was played.
    for (let waited = 0; credited(person, keys.webinar, 'video') < watchedTo - 2 && waited < 5_000; waited += 250) await sleep(250);
    expect(credited(person, keys.webinar, 'video')).toBeGreaterThanOrEqual(watchedTo - 2);
    expect(credited(person, keys.webinar, 'video')).toBeLessThanOrEqual(watchedTo + 2);
    // Back 10 s and replay them.
    await tab.evaluate(`(${video}.currentTime = ${watchedTo - 10}, ${video}.play().then(() => true))`);
    await sleep(9_000);
    await tab.evaluate(`${video}.pause()`);
    const replayedTo = await tab.evaluate<number>(`${video}.currentTime`);
    await leave(tab);
    const played = credited(person, keys.webinar, 'video');
    const truth = watchedTo + (replayedTo - (watchedTo - 10));
    expect(played).toBeGreaterThanOrEqual(truth - 2);
    expect(played).toBeLessThanOrEqual(truth + 2);
    const [progress] = query<{ covered_seconds: number; position: number }>(
      server.databasePath, 'SELECT covered_seconds, position FROM tracking_progress WHERE user_id = ? AND content_key = ?', person.userId, keys.webinar);
    // Coverage is the furthest point watched, not watched + replayed.
    expect(progress!.covered_seconds).toBeGreaterThanOrEqual(Math.max(watchedTo, replayedTo) - 2);
    expect(progress!.covered_seconds).toBeLessThanOrEqual(Math.max(watchedTo, replayedTo) + 0.5);

    await tab.navigate(href('webinars', keys.webinar));
    await sleep(1500);
    const resumedAt = await tab.evaluate<number>(`${video}.currentTime`);
    expect(Math.abs(resumedAt - progress!.position)).toBeLessThan(1.5);
    expect(resumedAt).toBeGreaterThan(20);
  });

  it('counts items in a listing as seen once at least half of them was visible for a second', async () => {
    const { person, tab } = await signedInTab(`${server.baseUrl}/manuals`);
    const onScreen = await tab.evaluate<string[]>(
      `[...document.querySelectorAll('[data-content-key]')].filter((e) => { const r = e.getBoundingClientRect(); return Math.min(r.bottom, innerHeight) - Math.max(r.top, 0) >= r.height * 0.6; }).map((e) => e.dataset.contentKey)`,
    );
    expect(onScreen.length).toBeGreaterThan(0);
    await sleep(1500);
    await leave(tab);
    const seen = query<{ content_key: string }>(server.databasePath, `SELECT DISTINCT content_key FROM tracking_events WHERE user_id = ? AND kind = 'imp'`, person.userId).map((r) => r.content_key);
    for (const key of onScreen) expect(seen).toContain(key);
    const [aware] = query<{ n: number }>(server.databasePath, 'SELECT count(*) AS n FROM tracking_account_awareness WHERE account_id = ? AND first_impression_at IS NOT NULL', person.accountId);
    expect(aware!.n).toBeGreaterThanOrEqual(onScreen.length);
  });
});
