import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'jisou-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `npm start`'s script with this environment; it must exit on its own (it never gets to serve). */
async function start(env: Record<string, string>): Promise<{ code: number | null; output: string; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'ok.sqlite'), JISOU_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, output, port: Number(env.PORT ?? port) };
}

describe('invalid configuration', () => {
  it('lists every bad value with a clear message and exits 1 before serving', async () => {
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, 'x');
    const { code, output } = await start({
      PORT: 'abc',
      JISOU_TIMEZONE: 'Mars/Olympus_Mons',
      DATABASE_PATH: join(notADir, 'jisou.sqlite'),
      PUBLIC_ORIGIN: 'not a url',
      JISOU_TRACK_FLUSH_MS: '5',
      LOG_REQUESTS: 'verbose',
      JISOU_KPI_VOLUME_TARGET: '-5',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(/PORT: .*\(got "abc"\)/);
    expect(output).toMatch(/JISOU_TIMEZONE: must be an IANA time zone/);
    expect(output).toMatch(/DATABASE_PATH: cannot create or write .*part of the path is a file, not a folder.*writable folder/);
    expect(output).toMatch(/PUBLIC_ORIGIN: /);
    expect(output).toMatch(/JISOU_TRACK_FLUSH_MS: .*50/);
    expect(output).toMatch(/LOG_REQUESTS: .*"all"/);
    expect(output).toMatch(/JISOU_KPI_VOLUME_TARGET: /);
    expect(output).not.toContain('Jisou is running');
    expect(output).not.toMatch(/\n\s+at .*\.ts:\d+/); // a message, not a stack trace
  }, 30_000);

  it('refuses timeouts that contradict each other and a database path that is a folder', async () => {
    const { code, output } = await start({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000', DATABASE_PATH: dir });
    expect(code).toBe(1);
    expect(output).toMatch(/HTTP_REQUEST_TIMEOUT_MS: must be at least HTTP_HEADERS_TIMEOUT_MS/);
    expect(output).toMatch(/DATABASE_PATH: .* is a directory/);
  }, 30_000);

  it('refuses demo mode under NODE_ENV=production', async () => {
    const { code, output } = await start({ NODE_ENV: 'production', JISOU_DEMO: 'true', PUBLIC_ORIGIN: 'https://learn.example.test' });
    expect(code).toBe(1);
    expect(output).toMatch(/demo mode/);
  }, 30_000);
});
