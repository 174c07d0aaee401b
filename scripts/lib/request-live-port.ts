import { request as httpRequest } from 'node:http';
import type { Config } from '../../src/schemas/config.ts';

/**
 * GET each path once on this checkout's live port (loopback when the server listens on every address), with the
 * Host the server answers for; failures only cost the warm-up. Used after a publish switch and by each worker to
 * start its dashboard warm-up.
 */
export async function requestOnLivePort(config: Config, paths: string[]): Promise<void> {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const name = config.PUBLIC_ORIGIN ? new URL(config.PUBLIC_ORIGIN).host : `${host}:${config.PORT}`;
  for (const path of paths.slice(0, 40)) {
    await new Promise<void>((done) => {
      const req = httpRequest({ host, port: config.PORT, path, headers: { host: name }, agent: false, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => done());
      });
      req.on('error', () => done());
      req.on('timeout', () => req.destroy());
      req.end();
    });
  }
}
