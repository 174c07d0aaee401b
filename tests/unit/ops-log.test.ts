import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/lib/serve.ts';
import { pathForLog, requestIdFrom } from '../../src/lib/server/log.ts';
import { configSchema } from '../../src/schemas/config.ts';

describe('log fields', () => {
  it('drops query strings and token path segments from logged paths', () => {
    expect(pathForLog('/manuals/setup?token=abc&email=a@b.c')).toBe('/manuals/setup');
    expect(pathForLog('/invite/Zq9xSECRET')).toBe('/invite/:token');
    expect(pathForLog('/reset-password/Zq9xSECRET?next=/')).toBe('/reset-password/:token');
    expect(pathForLog('/reset-password')).toBe('/reset-password');
    expect(pathForLog(`/${'a'.repeat(1000)}`)).toHaveLength(300);
  });

  it('keeps a plain incoming request id and replaces anything else', () => {
    expect(requestIdFrom('lb-7f3a9c2e-0001')).toBe('lb-7f3a9c2e-0001');
    for (const bad of [undefined, '', 'short', 'has space in it', 'x'.repeat(200), '{"level":"fake"}']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });
});

describe('server wrapper', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('answers a crashing handler with a plain 500 naming the request id, logs the stack, never sends it', async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const config = { ...configSchema.parse({ LOG_REQUESTS: 'errors' }), PORT: 0, HOST: '127.0.0.1' };
      const { server } = serve({
        config,
        handleSignals: false,
        tracking: { handle: () => false, close: async () => {} },
        astro: () => {
          throw new Error('boom in /work/secret/path.ts');
        },
      });
      close = () => server.close();
      await new Promise((r) => server.once('listening', r));
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x?token=t0k`, { headers: { 'x-request-id': 'test-request-42' } });
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(body).toBe('Internal error (request id test-request-42).');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.stderr.write = write;
    }
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.msg === 'request failed')).toMatchObject({ level: 'error', id: 'test-request-42', path: '/x', error: 'boom in /work/secret/path.ts', stack: expect.stringContaining('Error: boom') });
    expect(logged.find((l) => l.msg === 'request')).toMatchObject({ level: 'error', id: 'test-request-42', status: 500 });
    expect(lines.join('')).not.toContain('t0k');
  });
});

describe('server wrapper, malformed requests', () => {
  it('answers oversized headers with 431 and garbage with 400, and keeps serving', async () => {
    const config = { ...configSchema.parse({ LOG_REQUESTS: 'off' }), PORT: 0, HOST: '127.0.0.1' };
    const { server } = serve({ config, handleSignals: false, tracking: { handle: () => false, close: async () => {} }, astro: (_req, res) => res.end('ok') });
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as AddressInfo).port;
      const raw = (text: string) =>
        new Promise<string>((resolve) => {
          let got = '';
          const socket = connect(port, '127.0.0.1', () => socket.write(text));
          socket.on('data', (d) => (got += d));
          socket.on('close', () => resolve(got));
        });
      expect(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
      expect(await raw('NONSENSE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      process.stderr.write = write;
      server.close();
    }
  });
});
