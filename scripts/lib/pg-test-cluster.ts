// A throwaway PostgreSQL cluster for tests and CI: initdb in a temporary folder, listening on loopback only
// (a free port, plus its socket inside the folder), stopped and deleted afterwards. Never the machine's own
// cluster: tests create and drop databases freely. Needs Debian's `postgresql` package (the server binaries
// under /usr/lib/postgresql/<version>/bin).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './free-port.ts';

export interface PgTestCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication on loopback). */
  url: string;
  port: number;
  dir: string;
  /** `postgres://…/<name>` for a database of this cluster. */
  urlFor(database: string): string;
  stop(): void;
}

const installHint = (base: string) => `PostgreSQL server binaries not found (looked in ${base}/*/bin). Install them with: apt-get install -y postgresql`;

/** The bin folder of the newest PostgreSQL server Debian installed, or an error naming the package to install. */
export function findPgBinDir(base = '/usr/lib/postgresql'): string {
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error(installHint(base));
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

/**
 * initdb and postgres refuse to run as root: as root, run them as Debian's `postgres` system user (who then
 * owns the temporary folder); as anyone else, run them as that user.
 */
function asClusterUser(bin: string, args: string[], cwd: string): string {
  const isRoot = userInfo().uid === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Start a fresh cluster; `stop()` shuts it down at once and removes every file. `settings` override the
 * test defaults below (the benchmarks turn durability back on, so their figures hold for a real server).
 */
export async function startPgTestCluster(settings: Record<string, string> = {}): Promise<PgTestCluster> {
  const binDir = findPgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'jisou-pg-'));
  if (userInfo().uid === 0) {
    let ids: { uid: number; gid: number };
    try {
      ids = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) };
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('Running as root but there is no `postgres` system user to run the test cluster as. Install Debian\'s package: apt-get install -y postgresql');
    }
    chownSync(dir, ids.uid, ids.gid);
  }
  const data = join(dir, 'data');
  const port = await freeLoopbackPort();
  try {
    asClusterUser(join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], dir);
    // Durability off: a test cluster is thrown away, and fsync per commit would dominate the test time.
    const defaults: Record<string, string> = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '50', shared_buffers: '32MB', log_min_messages: 'warning' };
    const conf = [
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      ...Object.entries({ ...defaults, ...settings }).map(([k, v]) => `${k} = '${v}'`),
    ];
    writeFileSync(join(dir, 'extra.conf'), conf.join('\n') + '\n');
    if (userInfo().uid === 0) execFileSync('chown', ['postgres:postgres', join(dir, 'extra.conf')]);
    asClusterUser('/bin/sh', ['-c', `echo "include '${join(dir, 'extra.conf')}'" >> '${join(data, 'postgresql.conf')}'`], dir);
    asClusterUser(join(binDir, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'], dir);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start the throwaway PostgreSQL cluster: ${e.stderr || e.message}`, { cause: error });
  }
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  // A test run that ends without its teardown (an uncaught error, Ctrl-C) still stops the cluster on the way out.
  const stopOnExit = () => cluster.stop();
  process.once('exit', stopOnExit);
  const cluster: PgTestCluster = {
    url: urlFor('postgres'),
    port,
    dir,
    urlFor,
    stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', stopOnExit);
      try {
        asClusterUser(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
