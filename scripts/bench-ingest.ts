// `npm run bench:ingest`: drive the real server (scripts/start.ts, temp database, real sessions) with many
// concurrent simulated viewers over loopback — on SQLite, then the same workload on PostgreSQL — then a raw
// node:http + better-sqlite3 baseline, and print the three side by side.
// Options (env or --flag=value): seconds (measured, per side, default 10), warmup (per side, default 3),
// concurrency (default 64), viewers (default 5000), --backends=sqlite,pg (default both; `sqlite` alone skips
// PostgreSQL). PostgreSQL: a fresh database on the server DATABASE_URL names (created and dropped by the
// bench: the role needs CREATEDB), else on a throwaway cluster the bench starts (Debian's postgresql package).
// BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the servers (every thread) there, to see where a side spends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { openBenchPostgres } from './lib/bench-postgres.ts';
import { createSession, generateSessionToken, getSessionCookieName } from '../src/lib/server/auth/session.ts';
import { loadContentIndex } from '../src/lib/server/tracking/content-index.ts';
import { buildIfStale } from './lib/build-if-stale.ts';
import { freePort } from '../tests/support/server.ts';
import { processTreeCpuMs } from './lib/process-usage.ts';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number, zeroAllowed = false) => {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = Number(flag?.split('=')[1] ?? process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) throw new Error(`--${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number`);
  return value;
};
const SECONDS = arg('seconds', 10);
// Load that is not measured, on each side alike: JIT compilation of the server and of this load generator,
// session lookups and every simulated tab's first beat would otherwise count against whichever side runs
// first (the baseline ran with an already warm generator). The figures are sustained rates, as the issue asks.
const WARMUP = arg('warmup', 3, true);
const CONCURRENCY = arg('concurrency', 64);
const VIEWERS = arg('viewers', 5000);
const PEOPLE = Math.min(VIEWERS, 1000);
const BACKENDS = (process.argv.find((a) => a.startsWith('--backends='))?.split('=')[1] ?? process.env.BENCH_BACKENDS ?? 'sqlite,pg').split(',').map((b) => b.trim());
if (!BACKENDS.length || BACKENDS.some((b) => b !== 'sqlite' && b !== 'pg')) throw new Error('--backends takes sqlite, pg or sqlite,pg');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

interface Result { beats: number; seconds: number; p50: number; p99: number; errors: number; cpuUs?: number }

/** Seed accounts, people and sessions straight into the temp database (a file or a postgres:// URL); returns one cookie per person. */
function seed(dbPath: string): string[] {
  const db = openDatabase(dbPath, root);
  const now = Date.now();
  const cookies: string[] = [];
  db.$client.transaction(() => {
    for (let a = 0; a < 50; a++) {
      db.$client.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, ?, 'high', 'business', '2026-01-01', ?, ?)`).run(`bench-a${a}`, `bench-a${a}`, `Bench ${a}`, now, now);
    }
    for (let p = 0; p < PEOPLE; p++) {
      db.$client.prepare(`INSERT INTO users (id, email, name, locale, role, account_id, created_at, updated_at) VALUES (?, ?, ?, 'ja', 'customer', ?, ?, ?)`).run(`bench-u${p}`, `u${p}@bench.example`, `Bench ${p}`, `bench-a${p % 50}`, now, now);
      const token = generateSessionToken();
      createSession(`bench-u${p}`, token, db);
      cookies.push(`${getSessionCookieName()}=${token}`);
    }
  })();
  db.$client.close();
  return cookies;
}

async function waitReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(script: string, env: Record<string, string>, inherited: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), script], { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, log: () => out };
}

type Viewer = { view: string; key: string; cookie: string; started: boolean };

function viewersFor(port: number, keys: string[], cookies: string[]): Viewer[] {
  return Array.from({ length: VIEWERS }, (_, i) => ({
    view: `bench${String(i).padStart(8, '0')}x${port}`,
    key: keys[i % keys.length]!,
    cookie: cookies[i % cookies.length]!,
    started: false,
  }));
}

/** Closed-loop load: CONCURRENCY loops, each sending the next viewer's beat as soon as the previous answer came. */
async function drive(label: string, port: number, viewers: Viewer[], seconds: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const origin = `http://127.0.0.1:${port}`;
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let done = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const send = (body: string, cookie: string) =>
    new Promise<number>((ok) => {
      const req = request({ agent, host: '127.0.0.1', port, method: 'POST', path: '/api/track', headers: { origin, cookie, 'user-agent': UA, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      });
      req.on('error', () => ok(0));
      req.end(body);
    });
  const ticker = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(`\r  ${label}: ${s.toFixed(0).padStart(3)} s  ${Math.round(done / s)} beats/s  `);
  }, 1000);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const v = viewers[next++ % viewers.length]!;
        const events = v.started ? [{ t: 'beat', ms: 15000, depth: 40 }] : [{ t: 'view' }, { t: 'beat', ms: 15000, depth: 10 }];
        v.started = true;
        const sent = performance.now();
        const status = await send(JSON.stringify({ v: 1, view: v.view, key: v.key, events }), v.cookie);
        latencies.push(performance.now() - sent);
        if (status === 204) done++;
        else errors++;
      }
    }),
  );
  clearInterval(ticker);
  agent.destroy();
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  process.stdout.write(`\r  ${label}: done in ${elapsed.toFixed(1)} s${' '.repeat(30)}\n`);
  return { beats: done / elapsed, seconds: elapsed, p50: pct(0.5), p99: pct(0.99), errors };
}

/** Unmeasured load first (see WARMUP), then the measured run with the server's CPU time per beat. */
async function measure(label: string, port: number, pid: number | undefined, keys: string[], cookies: string[]): Promise<Result & { warmBeats: number }> {
  const viewers = viewersFor(port, keys, cookies);
  const warm = WARMUP > 0 ? await drive(`${label} (warm-up)`, port, viewers, WARMUP) : null;
  const cpu0 = cpuMicros(pid);
  const result = await drive(label, port, viewers, SECONDS);
  const cpuUs = (cpuMicros(pid) - cpu0) / (result.beats * result.seconds);
  return { ...result, cpuUs, warmBeats: warm ? Math.round(warm.beats * warm.seconds) : 0 };
}

/** CPU time (user + system, all threads) the server (supervisor and worker) has used so far, in µs (Linux /proc). */
const cpuMicros = (pid: number | undefined) => processTreeCpuMs(pid) * 1000;

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The server's environment for one backend: never the caller's DATABASE_URL on the SQLite side. */
function serverEnv(port: number, location: string): Record<string, string> {
  // No engagement plays: they would mail the 1,000 people just seeded (a one-off burst of outbox work on the
  // request thread that says nothing about the ingest).
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', JISOU_DEMO: 'false', ENGAGE_INTERVAL_SECONDS: '0' };
  return location.startsWith('postgres') ? { ...env, DATABASE_URL: location, DATABASE_PATH: join(dir, 'unused.sqlite') } : { ...env, DATABASE_PATH: location };
}

/** Seed, start scripts/start.ts on `location`, drive it, stop it, and count the beats it wrote. */
async function benchJisou(label: string, location: string, keys: string[]) {
  const cookies = seed(location);
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const jisou = start(join(root, 'scripts/start.ts'), serverEnv(port, location), inherited);
  try {
    await waitReady(`http://127.0.0.1:${port}/`, jisou.child, jisou.log);
    const result = await measure(label, port, jisou.child.pid, keys, cookies);
    await stop(jisou.child);
    const check = openDatabase(location, root).$client;
    const written = (check.prepare('SELECT count(*) AS n FROM tracking_events WHERE kind = ?').get('beat') as { n: number }).n;
    check.close();
    return { result, written, cookies };
  } finally {
    await stop(jisou.child);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'jisou-bench-'));
const closers: (() => Promise<void>)[] = [];
try {
  await buildIfStale(root);
  const index = loadContentIndex(root);
  const keys = [...index].filter(([, i]) => i.audience === 'customers' || i.audience === 'public').map(([k]) => k);
  if (keys.length === 0) throw new Error('no published content with audience "customers" or "public" to track');
  const sides: { name: string; result: Result & { warmBeats: number }; written: number }[] = [];
  let pgWhere = '';
  let pgUrl = '';
  if (BACKENDS.includes('pg')) {
    const pg = await openBenchPostgres();
    closers.push(() => pg.close());
    pgWhere = pg.where;
    pgUrl = pg.url;
  }
  console.log(`Seeding ${PEOPLE} people with sessions; ${VIEWERS} viewers over ${keys.length} items, ${CONCURRENCY} in flight, ${WARMUP} s warm-up + ${SECONDS} s measured per side.`);
  if (pgWhere) console.log(`PostgreSQL: ${pgWhere}.`);
  let cookies: string[] = [];
  if (BACKENDS.includes('sqlite')) {
    const s = await benchJisou('sqlite  ', join(dir, 'jisou.sqlite'), keys);
    sides.push({ name: 'jisou on SQLite', result: s.result, written: s.written });
    cookies = s.cookies;
  }
  if (pgUrl) {
    const s = await benchJisou('postgres', pgUrl, keys);
    sides.push({ name: 'jisou on PostgreSQL', result: s.result, written: s.written });
    if (!cookies.length) cookies = s.cookies;
  }

  const basePort = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const base = start(join(root, 'scripts/lib/bench-baseline-server.ts'), { PORT: String(basePort), DATABASE_PATH: join(dir, 'baseline.sqlite') }, inherited);
  await waitReady(`http://127.0.0.1:${basePort}/`, base.child, base.log);
  const raw = await measure('baseline', basePort, base.child.pid, keys, cookies);
  await stop(base.child);

  const row = (name: string, r: Result) =>
    `${name.padEnd(28)} ${Math.round(r.beats).toString().padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${(r.cpuUs ?? NaN).toFixed(0).padStart(12)}`;
  console.log(`\n${'side'.padEnd(28)} ${'beats/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'CPU µs/beat'.padStart(12)}`);
  for (const side of sides) console.log(row(side.name, side.result));
  console.log(row('raw node:http + sqlite', raw));
  for (const side of sides) {
    const ratio = side.result.beats / raw.beats;
    console.log(`ratio ${side.name}/baseline: ${ratio.toFixed(2)} (server CPU per beat: ${((raw.cpuUs ?? NaN) / (side.result.cpuUs ?? NaN)).toFixed(2)} of the baseline's efficiency)`);
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`machine load average during the run: ${load} (figures from a busy machine understate every side)`);
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  for (const side of sides) {
    const r = side.result;
    console.log(`${side.name}: beats written after SIGTERM ${side.written} (accepted ${r.warmBeats + Math.round(r.beats * r.seconds)}, warm-up included)`);
    console.log(`${side.name}: targets ≥ 5000 beats/s ${verdict(r.beats >= 5000)}, p99 ≤ 50 ms ${verdict(r.p99 <= 50)}, ratio ≥ 0.3 ${verdict(r.beats / raw.beats >= 0.3)}`);
  }
} finally {
  for (const close of closers) await close().catch((e: Error) => console.error(`cleanup: ${e.message}`));
  rmSync(dir, { recursive: true, force: true });
}
