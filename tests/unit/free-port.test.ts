import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../scripts/lib/free-port.ts';

const lane = process.env.JISOU_TEST_PORT_LANE;
afterEach(() => {
  if (lane === undefined) delete process.env.JISOU_TEST_PORT_LANE;
  else process.env.JISOU_TEST_PORT_LANE = lane;
});

describe('test ports', () => {
  it('come from the lane\'s own range, below the kernel\'s ephemeral ports, and can be listened on', async () => {
    for (const [name, from] of [['0', 20_000], ['1', 26_000]] as const) {
      process.env.JISOU_TEST_PORT_LANE = name;
      const ports = await Promise.all(Array.from({ length: 20 }, () => freeLoopbackPort()));
      for (const port of ports) {
        expect(port).toBeGreaterThanOrEqual(from);
        expect(port).toBeLessThan(from + 6_000);
      }
      const srv = createServer();
      await new Promise<void>((done) => srv.listen(ports[0], '127.0.0.1', done));
      await new Promise((done) => srv.close(done));
    }
  });

  it('skip a port that is taken', async () => {
    process.env.JISOU_TEST_PORT_LANE = '0';
    const taken: ReturnType<typeof createServer>[] = [];
    for (let i = 0; i < 50; i++) {
      const srv = createServer();
      const port = await freeLoopbackPort();
      await new Promise<void>((done, fail) => srv.once('error', fail).listen(port, '127.0.0.1', done));
      taken.push(srv);
    }
    const busy = new Set(taken.map((s) => (s.address() as { port: number }).port));
    for (let i = 0; i < 50; i++) expect(busy.has(await freeLoopbackPort())).toBe(false);
    await Promise.all(taken.map((s) => new Promise((done) => s.close(done))));
  });

  it('outside a test lane are the ones the OS picks', async () => {
    delete process.env.JISOU_TEST_PORT_LANE;
    expect(await freeLoopbackPort()).toBeGreaterThanOrEqual(32_768);
  });
});
