import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';
import { BROWSER_UA, createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';

const keys = pickKeys();

/** Can a new TCP connection be opened right now? */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM: refuses new connections, finishes the request in flight, writes every accepted beat, exits 0', async () => {
    const server = await startTestServer({ JISOU_DEMO: 'false' });
    const port = Number(new URL(server.baseUrl).port);
    const person = createPerson(server.databasePath);
    // Beats accepted just before the signal sit in the buffer (written every 500 ms).
    const quick = Array.from({ length: 5 }, () => newViewId());
    for (const view of quick) {
      expect((await track(server.baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }, { t: 'beat', ms: 2000 }] }, { cookie: person.cookie })).status).toBe(204);
    }
    // A slow request: headers and half the body now, the rest after the signal.
    const slowView = newViewId();
    const body = JSON.stringify({ v: 1, view: slowView, key: keys.manual, events: [{ t: 'view' }] });
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += d));
    const answered = new Promise((r) => socket.once('end', r));
    socket.write(
      `POST /api/track HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.baseUrl}\r\nUser-Agent: ${BROWSER_UA}\r\n` +
        `Cookie: ${person.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((r) => server.process.once('exit', (code) => r(code)));
    server.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(await canConnect(port)).toBe(false);
    expect(server.process.exitCode).toBeNull(); // still finishing the slow request
    socket.write(body.slice(10));
    await answered;
    expect(response).toMatch(/^HTTP\/1\.1 204/);
    expect(await exited).toBe(0);

    const stored = new Set(query<{ view_id: string }>(server.databasePath, 'SELECT DISTINCT view_id FROM tracking_events').map((r) => r.view_id));
    expect([...quick, slowView].filter((v) => !stored.has(v))).toEqual([]);
    const log = server.output();
    expect(log.indexOf('"msg":"shutting down"')).toBeGreaterThan(-1);
    expect(log.indexOf('"msg":"stopped"')).toBeGreaterThan(log.indexOf('"msg":"shutting down"'));
    await server.stop();
  }, 60_000);
});
