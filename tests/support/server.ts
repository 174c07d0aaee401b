import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIfStale } from '../../scripts/lib/build-if-stale.ts';
import { freeLoopbackPort } from '../../scripts/lib/free-port.ts';
import { createTestDatabase } from './pg-db.ts';
import { copyDemoInto, createDemoDatabase, seedsLikeTheTemplate } from './demo-template.ts';
import { isPostgresUrl } from './test-database.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface TestServer {
  baseUrl: string;
  /** The SQLite file, or on the PostgreSQL run (JISOU_TEST_PG_CLUSTER) the postgres:// URL: openDatabase takes both. */
  databasePath: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A free loopback port (the same helper the scripts use). */
export const freePort = freeLoopbackPort;

/**
 * Start `scripts/start.ts` (the same path as `npm start`) against a temporary database. `root` serves
 * another checkout (a temporary copy of the project with its own content) instead of this one.
 */
/**
 * The throwaway PostgreSQL cluster when this test runs on the PostgreSQL run (project integration-pg sets
 * JISOU_TEST_BACKEND=pg for its workers only; the cluster's URL is in every process's environment, so it
 * alone must not decide).
 */
export function testPgCluster(): string | undefined {
  return process.env.JISOU_TEST_BACKEND === 'pg' ? process.env.JISOU_TEST_PG_CLUSTER : undefined;
}

export async function startTestServer(env: Record<string, string> = {}, root = ROOT, opts: { pgCluster?: string } = {}): Promise<TestServer> {
  await buildIfStale(root);
  const dir = mkdtempSync(join(tmpdir(), 'jisou-test-'));
  // A caller may bring its own database file; report that one, not the unused default.
  // On the PostgreSQL run every server gets a new database of the throwaway cluster unless the caller brings one.
  const pgCluster = opts.pgCluster ?? testPgCluster();
  // A second server on the first one's database passes its `databasePath`: on PostgreSQL that is a URL.
  if (env.DATABASE_PATH && isPostgresUrl(env.DATABASE_PATH)) {
    const { DATABASE_PATH: url, ...rest } = env;
    env = { ...rest, DATABASE_URL: url };
  }
  // A new database for a server of this checkout that would seed the demo gets the demo seeded once (demo-template.ts).
  const demoCopy = root === ROOT && !env.DATABASE_URL && !env.DATABASE_PATH && seedsLikeTheTemplate(env);
  const pgUrl = env.DATABASE_URL ?? (pgCluster && !env.DATABASE_PATH ? await (demoCopy ? createDemoDatabase(pgCluster) : createTestDatabase(pgCluster, 'server')) : undefined);
  const databasePath = pgUrl ?? env.DATABASE_PATH ?? join(dir, 'jisou.sqlite');
  if (demoCopy && !pgUrl) await copyDemoInto(databasePath);
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.JISOU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.JISOU_PROF_DIR}`] : []), join(root, 'scripts/start.ts')], {
    cwd: root,
    // The engage jobs (plays, alerts, announcement mail) stay off unless a test asks for them (an interval, or
    // `npm run engage -- run-once`): otherwise a demo database would mail its alerts into unrelated tests' SMTP.
    // The dashboard warm-up too (it evaluates every account, which stores computed roadmap ticks), unless asked.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: pgUrl ? join(dir, 'unused.sqlite') : databasePath, ENGAGE_INTERVAL_SECONDS: '0', DASHBOARD_WARM_UP: 'false', ...env, ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`test server exited early:\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/`);
      if (r.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`test server did not start within 90 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    databasePath,
    process: child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
