import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Port ranges of the two lanes of `npm test` (scripts/test-all.ts sets JISOU_TEST_PORT_LANE). Both lie below
 * the kernel's ephemeral range (32768–60999 on Debian): a port the OS hands out for `listen(0)` is free only
 * until the test's server binds it, and meanwhile any outgoing connection of either lane may take it as its
 * own local port. A port of a lane's range is never given to another lane nor to an outgoing connection.
 */
const LANE_PORTS = [
  { from: 20_000, count: 6_000 },
  { from: 26_000, count: 6_000 },
];

/** Whether `port` on 127.0.0.1 can be listened on right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** A port the OS picks as free on 127.0.0.1 right now. */
function osPort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** A TCP port free on 127.0.0.1 right now: in a test lane, from the lane's own range; else the OS picks it. */
export async function freeLoopbackPort(): Promise<number> {
  const lane = LANE_PORTS[Number(process.env.JISOU_TEST_PORT_LANE ?? -1)];
  if (!lane) return osPort();
  // Random within the range: the lane's test workers pick at the same time without sharing a counter.
  for (let tries = 0; tries < 200; tries++) {
    const port = lane.from + randomInt(lane.count);
    if (await canListen(port)) return port;
  }
  return osPort();
}
