import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_UA } from './tracking.ts';

// A minimal Chrome DevTools Protocol client. The tracking tests need tabs that are really hidden (a tab
// behind another tab of the same window); Playwright keeps every page it drives visible, so these tests
// talk to Debian's Chromium directly.

type Pending = { resolve: (v: any) => void; reject: (e: Error) => void };

export interface Tab {
  targetId: string;
  evaluate<T = unknown>(expression: string): Promise<T>;
  navigate(url: string): Promise<void>;
  /** A small real pointer movement and a wheel scroll: what a reading person produces. */
  nudge(): Promise<void>;
  activate(): Promise<void>;
  close(): Promise<void>;
  /** Run `source` in every document this tab loads from now on, before the page's own scripts. */
  addInitScript(source: string): Promise<void>;
}

export interface Browser {
  /** A fresh profile (own cookies) with its first tab; `cookie` is "name=value" for `origin`. */
  newContext(origin: string, cookie?: string): Promise<{ contextId: string; open(url: string, newWindow?: boolean): Promise<Tab> }>;
  close(): Promise<void>;
}

export async function launchCdpChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'jisou-cdp-'));
  const child: ChildProcess = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--mute-audio', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--remote-debugging-port=0', '--window-size=1280,1000',
      // Headless Chromium says "HeadlessChrome", which the ingest rightly ignores as a robot.
      `--user-agent=${BROWSER_UA}`, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 30_000);
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const ws = new WebSocket(wsUrl);
  await new Promise((r, j) => (ws.addEventListener('open', r), ws.addEventListener('error', j)));
  let seq = 0;
  const pending = new Map<number, Pending>();
  const loadWaiters = new Map<string, () => void>();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.id) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.message}`));
      else p?.resolve(msg.result);
    } else if (msg.method === 'Page.loadEventFired' && msg.sessionId) {
      loadWaiters.get(msg.sessionId)?.();
    }
  });
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });

  const attach = async (targetId: string): Promise<Tab> => {
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    await send('Page.enable', {}, sessionId);
    const tab: Tab = {
      targetId,
      async evaluate(expression) {
        const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true, userGesture: true }, sessionId);
        if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value;
      },
      async navigate(url) {
        const loaded = new Promise<void>((r) => loadWaiters.set(sessionId, r));
        await send('Page.navigate', { url }, sessionId);
        await loaded;
      },
      async nudge() {
        const x = 200 + Math.round(Math.random() * 50);
        await send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y: 300 }, sessionId);
        await send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y: 300, deltaX: 0, deltaY: 120 }, sessionId);
      },
      activate: () => send('Target.activateTarget', { targetId }),
      addInitScript: (source) => send('Page.addScriptToEvaluateOnNewDocument', { source }, sessionId).then(() => undefined),
      close: () => send('Target.closeTarget', { targetId }),
    };
    return tab;
  };

  return {
    async newContext(origin, cookie) {
      const { browserContextId } = await send('Target.createBrowserContext', { disposeOnDetach: true });
      if (cookie) {
        const eq = cookie.indexOf('=');
        await send('Storage.setCookies', { browserContextId, cookies: [{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: origin }] });
      }
      return {
        contextId: browserContextId,
        async open(url, newWindow = true) {
          const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId, newWindow, background: false });
          const tab = await attach(targetId);
          if (url !== 'about:blank') await tab.navigate(url);
          return tab;
        },
      };
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      ws.close();
      // Chromium's helper processes may still write to the profile for a moment after the browser exits
      // (ENOTEMPTY seen once): clean up best-effort; a leftover temp folder must not fail the test.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        console.warn(`could not remove the Chromium profile ${profile}: ${(error as Error).message}`);
      }
    },
  };
}
