import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, signIn } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Issue 19: after a start the first dashboard request read every closed rollup day and evaluated every account
// (seconds at 10M events). The server now does that itself once it listens, and /healthz says when it is done,
// so a deploy waits for `dashboards.state: "ready"` before sending managers to the new instance.
interface Health { status: string; dashboards: { state: string; ms?: number } }

const health = async (baseUrl: string, path = '/healthz'): Promise<Health> => (await (await fetch(`${baseUrl}${path}`)).json()) as Health;

async function waitUntilWarm(baseUrl: string): Promise<Health> {
  const until = Date.now() + 60_000;
  for (;;) {
    const h = await health(baseUrl);
    if (!['cold', 'warming'].includes(h.dashboards.state) || Date.now() > until) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the dashboard warm-up after a start', () => {
  let warm: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    [warm, off] = await Promise.all([startTestServer({ DASHBOARD_WARM_UP: 'true' }), startTestServer({ DASHBOARD_WARM_UP: 'false' })]);
  });
  afterAll(async () => {
    await Promise.all([warm?.stop(), off?.stop()]);
  });

  it('runs by itself once the server listens, and /healthz says when the dashboards are ready', async () => {
    const h = await waitUntilWarm(warm.baseUrl);
    expect(h.status).not.toBe('down');
    expect(h.dashboards.state).toBe('ready');
    expect(h.dashboards.ms).toBeGreaterThanOrEqual(0);
    expect(warm.output()).toContain('dashboards warmed up');
    // Asking again starts nothing new.
    expect((await health(warm.baseUrl, '/healthz?warm')).dashboards).toEqual(h.dashboards);
  });

  it('serves the same overview afterwards as a server that did not warm up', async () => {
    await waitUntilWarm(warm.baseUrl);
    const pages = await Promise.all([warm, off].map(async (s) => {
      const res = await get(s.baseUrl, '/manage/overview', await signIn(s.baseUrl, 'manager@jisou.test'));
      expect(res.status).toBe(200);
      // The headline cards' text (figures, changes, targets), without what differs per process (nonces).
      return [...(await res.text()).matchAll(/<article class="kpi-card"[^>]*>([\s\S]*?)<\/article>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    }));
    expect(pages[0]!.length).toBe(4);
    expect(pages[0]).toEqual(pages[1]);
  });

  it('stays off where DASHBOARD_WARM_UP=false, also when asked', async () => {
    expect((await health(off.baseUrl, '/healthz?warm')).dashboards.state).toBe('off');
  });
});
