import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './server.ts';

export interface TestNginx {
  baseUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Debian's nginx (`.ci/run` installs it when missing). */
function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  throw new Error('nginx is not installed: the two-instance suite needs it (apt-get install --no-install-recommends nginx-light, as .ci/run does)');
}

/**
 * nginx in the foreground on a free loopback port, proxying to `upstreams` (`127.0.0.1:port`) with the
 * project's own proxy settings (ops/nginx/jisou-proxy.conf). Pid, logs and temp files live in a temporary
 * prefix, removed by `stop()`.
 */
export async function startNginx(upstreams: string[]): Promise<TestNginx> {
  const binary = nginxBinary();
  const prefix = mkdtempSync(join(tmpdir(), 'jisou-nginx-'));
  // nginx started as root runs its worker as `nobody`, which must reach the temp folders.
  chmodSync(prefix, 0o755);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) {
    mkdirSync(join(prefix, d));
    chmodSync(join(prefix, d), 0o777);
  }
  const port = await freePort();
  const conf = readFileSync(join(ROOT, 'tests/support/nginx-test.conf'), 'utf8')
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{PROXY_CONF}}', join(ROOT, 'ops/nginx/jisou-proxy.conf'))
    .replaceAll('{{SERVERS}}', upstreams.map((u) => `        server ${u} max_fails=2 fail_timeout=5s;`).join('\n'));
  writeFileSync(join(prefix, 'nginx.conf'), conf);
  const child = spawn(binary, ['-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited early (${child.exitCode}):\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).status > 0) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`nginx did not start within 15 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT'); // graceful: the master stops its worker and removes the pid file
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
