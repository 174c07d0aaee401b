import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

// Short timeouts so a slow client is cut off within seconds (production defaults: 15 s headers, 30 s request).
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ JISOU_DEMO: 'false', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' });
});
afterAll(() => server?.stop());

/** Open a raw connection; resolves with what the server sent and when it closed the connection. */
function rawClient(): { socket: Socket; closed: Promise<{ afterMs: number; received: string }> } {
  const { port } = new URL(server.baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  const opened = Date.now();
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => {});
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => socket.on('close', () => resolve({ afterMs: Date.now() - opened, received })));
  return { socket, closed };
}

/** Normal visitors meanwhile: every page must come back quickly. */
async function normalTraffic(untilMs: number): Promise<number[]> {
  const took: number[] = [];
  const end = Date.now() + untilMs;
  while (Date.now() < end) {
    const t = Date.now();
    const res = await fetch(`${server.baseUrl}/manuals`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    took.push(Date.now() - t);
  }
  return took;
}

describe('slow clients', () => {
  it('a client sending its headers byte by byte is cut off by the header timeout; others are served meanwhile', async () => {
    const slow = rawClient();
    const request = 'GET /manuals HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\nAccept: text/html\r\n'.repeat(20);
    let i = 0;
    const drip = setInterval(() => (slow.socket.writable ? slow.socket.write(request[i++ % request.length]!) : undefined), 100);
    try {
      const [result, took] = await Promise.all([slow.closed, normalTraffic(2500)]);
      expect(result.received).toMatch(/^HTTP\/1\.1 408/);
      // Headers timeout 1 s, checked every 0.5 s; generous margin for a loaded CI machine.
      expect(result.afterMs).toBeLessThan(5000);
      expect(took.length).toBeGreaterThan(3);
    } finally {
      clearInterval(drip);
      slow.socket.destroy();
    }
  });

  it('a client that never finishes its body is cut off by the request timeout; others are served meanwhile', async () => {
    const slow = rawClient();
    slow.socket.write(
      'POST /api/track HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n' +
        `Origin: ${server.baseUrl}\r\n\r\n{"v":1,`,
    );
    const [result, took] = await Promise.all([slow.closed, normalTraffic(3000)]);
    expect(result.afterMs).toBeLessThan(6000);
    expect(result.afterMs).toBeGreaterThanOrEqual(1500);
    expect(took.length).toBeGreaterThan(3);
    expect(server.output()).toMatch(/"msg":"client too slow, connection closed"/);
    // Still healthy afterwards.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});
