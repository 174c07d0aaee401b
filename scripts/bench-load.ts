// `npm run bench:load [-- --seconds 60] [--events 1m] [--rate 1000] [--managers 5] [--backends sqlite,pg]`: the
// built server over a 1M-event database (generated once with the bench:kpi generator and cached under
// .bench/), ingesting `rate` beats/s from signed-in customers while simulated managers refresh the KPI
// dashboards. Prints ingest p99, dashboard p95, the server's RSS over time and the WAL size, with pass/fail
// per target: ingest p99 ≤ 50 ms, dashboards p95 ≤ 300 ms, RSS drift ≤ 10 %, WAL ≤ 64 MB (SQLite). Loopback
// only, bounded. The same run then goes on PostgreSQL (the same data, copied with db:copy, into a fresh
// database on DATABASE_URL's server, or without it on a throwaway cluster) and the targets of both are
// printed side by side; `--backends sqlite` runs SQLite alone.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { openBenchPostgres } from './lib/bench-postgres.ts';
import { spawnSync } from 'node:child_process';
import { createSession, generateSessionToken, getSessionCookieName } from '../src/lib/server/auth/session.ts';
import { loadKpiContent } from '../src/lib/server/kpi/kpi-content.ts';
import { buildRollups, insertAccounts, insertEvents, shapeFor } from './lib/bench-kpi-data.ts';
import { startTestServer } from '../tests/support/server.ts';
import { processTreeCpuMs, processTreeRssKb } from './lib/process-usage.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '60' },
    events: { type: 'string', default: process.env.BENCH_EVENTS ?? '1m' },
    rate: { type: 'string', default: process.env.BENCH_RATE ?? '1000' },
    managers: { type: 'string', default: process.env.BENCH_MANAGERS ?? '5' },
    backends: { type: 'string', default: process.env.BENCH_BACKENDS ?? 'sqlite,pg' },
  },
});
// The PostgreSQL server to run on (if any) is the bench's to use; the servers it starts get their database explicitly.
const PG_SERVER = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;
const BACKENDS = args.backends.split(',').map((b) => b.trim());
if (!BACKENDS.length || BACKENDS.some((b) => b !== 'sqlite' && b !== 'pg')) {
  console.error(`--backends "${args.backends}": give sqlite, pg or sqlite,pg`);
  process.exit(2);
}
const num = (name: string, text: string, max: number, min = 1) => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const unit = m?.[2]?.toLowerCase();
  const value = m ? Number(m[1]) * (unit === 'm' ? 1e6 : unit === 'k' ? 1e3 : 1) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} "${text}": give a number from ${min} to ${max.toLocaleString('en-US')}`);
    process.exit(2);
  }
  return Math.round(value);
};
const SECONDS = num('seconds', args.seconds, 3600);
const EVENTS = num('events', args.events, 20_000_000);
const RATE = num('rate', args.rate, 20_000);
const MANAGERS = num('managers', args.managers, 50, 0);
const WARMUP_S = Math.min(5, Math.floor(SECONDS / 4));
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const NOW = Date.now();

const pct = (samples: number[], q: number) => {
  const s = [...samples].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The generated database, cached: generating 1M events and their rollups takes a while on 2 cores. */
function baseDatabase(): string {
  const dir = join(ROOT, '.bench', `load-${EVENTS}`);
  const file = join(dir, 'base.sqlite');
  if (existsSync(file)) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, 'generating.sqlite');
  const db = openDatabase(tmp, ROOT);
  const shape = shapeFor(EVENTS);
  const content = loadKpiContent(ROOT);
  const t = performance.now();
  insertAccounts(db.$client, shape, NOW);
  insertEvents(db.$client, shape, content.items.filter((i) => i.type !== 'roadmap'), NOW, (l) => console.log(l));
  buildRollups(db.$client, 9 * 60, 30_000);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  renameSync(tmp, file);
  console.log(`generated ${EVENTS.toLocaleString('en-US')} events (${shape.accounts} accounts, ${shape.users} people) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return file;
}

/** A fresh copy for this run, with sessions for customers (beats) and a manager (dashboards). */
function prepareRun(base: string): { file: string; customers: string[]; manager: string } {
  const file = join(ROOT, '.bench', `load-${EVENTS}`, 'run.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  copyFileSync(base, file);
  const db = openDatabase(file, ROOT);
  const people = db.$client.prepare(`SELECT id FROM users WHERE role IN ('customer', 'customer-admin') ORDER BY id LIMIT 2000`).all() as { id: string }[];
  const cookie = (token: string) => `${getSessionCookieName()}=${token}`;
  const customers = people.map(({ id }) => {
    const token = generateSessionToken();
    createSession(id, token, db);
    return cookie(token);
  });
  db.$client.prepare(`INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES ('load-manager', 'load-manager@jisou.test', 'Load', 'manager', 0, 0)`).run();
  const token = generateSessionToken();
  createSession('load-manager', token, db);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return { file, customers, manager: cookie(token) };
}

function post(agent: Agent, port: number, body: string, cookie: string): Promise<number> {
  return new Promise((resolvePost) => {
    const req = request(
      { agent, host: '127.0.0.1', port, path: '/api/track', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: `http://127.0.0.1:${port}`, 'user-agent': UA, cookie } },
      (res) => {
        res.resume();
        res.on('end', () => resolvePost(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolvePost(0));
    req.end(body);
  });
}

/** The run's copy on PostgreSQL: the SQLite run database copied by `npm run db:copy` (verified) into a fresh database. */
function copyToPostgres(file: string, url: string): void {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/db-copy.ts'), file, url], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'en' } });
  if (r.status !== 0) throw new Error(`db:copy into PostgreSQL failed:\n${r.stdout}${r.stderr}`);
  console.log(`copied the run database into PostgreSQL with db:copy in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

type Target = { name: string; value: string; ok: boolean; target: string };

/** One measured run on one backend; prints its details and returns its targets. */
async function runOn(label: string, run: { file: string; customers: string[]; manager: string }, location: string, sizeOf: () => number): Promise<Target[]> {
  const pg = location.startsWith('postgres');
  const content = loadKpiContent(ROOT);
  const keys = content.items.filter((i) => i.type !== 'roadmap' && (i.audience === 'public' || i.audience === 'customers')).map((i) => i.key);
  const server = await startTestServer({ ...(location.startsWith('postgres') ? { DATABASE_URL: location } : { DATABASE_PATH: location }), JISOU_DEMO: 'false', LOG_REQUESTS: 'errors' });
  const port = Number(new URL(server.baseUrl).port);
  const pid = server.process.pid!;

  // Dashboards that exist in this build (the KPI pages, else the manager home).
  const candidates = ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/alerts', '/manage'];
  const pages: string[] = [];
  for (const p of candidates) {
    const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie: run.manager } });
    await res.arrayBuffer();
    if (res.status === 200) pages.push(p);
  }
  console.log(`\nbench:load on ${label} — ${SECONDS} s, ${RATE} beats/s from ${run.customers.length} signed-in customers, ${MANAGERS} managers refreshing ${pages.join(', ')}`);
  console.log(`database: ${EVENTS.toLocaleString('en-US')} events, ${mb(sizeOf())}`);
  const loadBefore = loadavg()[0]!;

  // utime + stime of the server (supervisor and worker), in clock ticks (100 per second on Linux).
  const cpuTicks = () => processTreeCpuMs(pid) / 10;
  const rssKb = () => processTreeRssKb(pid);
  // SQLite's WAL file; PostgreSQL recycles its WAL segments itself (checkpoints), there is no file to bound.
  const walBytes = () => (pg ? 0 : existsSync(`${run.file}-wal`) ? statSync(`${run.file}-wal`).size : 0);
  await fetch(`${server.baseUrl}/healthz`).then((r) => r.arrayBuffer()); // resets the event-loop delay figures
  const cpuAtStart = cpuTicks();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const end = started + SECONDS * 1000;
  const ingest: number[] = [];
  const dashboards: number[] = [];
  const statuses = new Map<number, number>();
  const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  const rss: { t: number; kb: number }[] = [{ t: 0, kb: rssKb() }];
  // The server's own view of its memory (JS heap, typed arrays), to tell heap growth from a leak.
  const heap: { t: number; used: number; total: number; buffers: number }[] = [];
  // /healthz reports the event-loop delay since its previous call: one figure per 5 s window.
  const loopWindows: { delayP99Ms: number; delayMaxMs: number }[] = [];
  let walMax = walBytes();
  let skipped = 0;

  // Ingest: open loop at RATE beats/s in 10 ms ticks, a tab per (person, item); bounded in-flight requests.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const MAX_IN_FLIGHT = 2000;
  let inFlight = 0;
  let seq = 0;
  const opened = new Set<number>();
  let sent = 0;
  const ticker = setInterval(() => {
    if (performance.now() >= end) return;
    // Catch up when a tick came late (timers drift on a busy machine), so the average rate stays RATE.
    const due = Math.min(Math.floor(((performance.now() - started) * RATE) / 1000) - sent, RATE / 10);
    for (let i = 0; i < due; i++) {
      sent++;
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      const tab = seq++ % (RATE * 15); // each tab beats every 15 s, like the tracker
      const person = tab % run.customers.length;
      const view = `load${String(tab).padStart(10, '0')}`;
      const events = opened.has(tab) ? [{ t: 'beat', ms: 15_000, depth: 40 }] : [{ t: 'view' }, { t: 'beat', ms: 15_000, depth: 10 }];
      opened.add(tab);
      const body = JSON.stringify({ v: 1, view, key: keys[tab % keys.length], events });
      const t0 = performance.now();
      const measured = elapsed() >= WARMUP_S;
      inFlight++;
      void post(agent, port, body, run.customers[person]!).then((status) => {
        inFlight--;
        count(status);
        if (measured) ingest.push(performance.now() - t0);
      });
    }
  }, 10);

  // Managers: each refreshes a dashboard, reads it, thinks for a second, and again.
  const managers = Array.from({ length: MANAGERS }, async (_, m) => {
    for (let i = m; performance.now() < end; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}${pages[i % pages.length]}`, { headers: { cookie: run.manager } });
      await res.arrayBuffer();
      count(res.status);
      if (elapsed() >= WARMUP_S) dashboards.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  const sampler = setInterval(() => {
    rss.push({ t: Math.round(elapsed()), kb: rssKb() });
    walMax = Math.max(walMax, walBytes());
    const t = Math.round(elapsed());
    type Sample = { memory?: { heapUsedMb: number; heapTotalMb: number; arrayBuffersMb: number }; eventLoop?: { delayP99Ms: number; delayMaxMs: number } };
    void fetch(`${server.baseUrl}/healthz`).then((r) => r.json()).then((h: Sample) => {
      if (h.memory) heap.push({ t, used: h.memory.heapUsedMb, total: h.memory.heapTotalMb, buffers: h.memory.arrayBuffersMb });
      if (h.eventLoop) loopWindows.push(h.eventLoop);
    }, () => {});
  }, 5000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(ticker);
  await Promise.all(managers);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  rss.push({ t: Math.round(elapsed()), kb: rssKb() });
  walMax = Math.max(walMax, walBytes());
  const cpuShare = (cpuTicks() - cpuAtStart) / 100 / elapsed();
  const health = await (await fetch(`${server.baseUrl}/healthz`)).json();
  await server.stop();
  agent.destroy();

  const measuredSeconds = SECONDS - WARMUP_S;
  const ingestP99 = pct(ingest, 0.99);
  const dashP95 = pct(dashboards, 0.95);
  // Drift: growth over the second half of the run (the first half covers warm-up, every simulated tab
  // opening once and the heap growing to its working size); the whole timeline is printed above it.
  const afterWarmup = rss.find((s) => s.t >= SECONDS / 2) ?? rss[0]!;
  const drift = (rss.at(-1)!.kb - afterWarmup.kb) / afterWarmup.kb;
  console.log(`\nRSS over time (s: MB): ${rss.map((s) => `${s.t}:${(s.kb / 1024).toFixed(0)}`).join('  ')}`);
  if (heap.length) console.log(`JS heap used/total, array buffers (s: MB): ${heap.map((h) => `${h.t}:${h.used.toFixed(0)}/${h.total.toFixed(0)},${h.buffers.toFixed(0)}`).join('  ')}`);
  console.log(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; not sent (in-flight cap): ${skipped}`);
  console.log(`ingest: ${ingest.length} beats measured over ${measuredSeconds} s = ${(ingest.length / measuredSeconds).toFixed(0)} beats/s; p50 ${pct(ingest, 0.5).toFixed(1)} ms`);
  console.log(`dashboards: ${dashboards.length} page loads; p50 ${pct(dashboards, 0.5).toFixed(0)} ms`);
  console.log(`server CPU: ${(cpuShare * 100).toFixed(0)} % of one core on average (main thread + tracking writer thread)`);
  if (health.eventLoop) loopWindows.push(health.eventLoop);
  if (loopWindows.length) {
    const worst = (k: 'delayP99Ms' | 'delayMaxMs') => Math.max(...loopWindows.map((w) => w[k]));
    console.log(`server event loop delay, worst 5 s window: p99 ${worst('delayP99Ms')} ms, max ${worst('delayMaxMs')} ms`);
  }
  console.log(`tracking after the run: written ${health.tracking.written}, dropped ${health.tracking.dropped}, buffered ${health.tracking.buffered}`);
  const targets = [
    { name: 'ingest p99', value: `${ingestP99.toFixed(1)} ms`, ok: ingestP99 <= 50, target: '≤ 50 ms' },
    { name: 'dashboard p95', value: `${dashP95.toFixed(0)} ms`, ok: dashP95 <= 300, target: '≤ 300 ms' },
    { name: 'RSS drift', value: `${(drift * 100).toFixed(1)} % (${(afterWarmup.kb / 1024).toFixed(0)} MB at ${afterWarmup.t} s → ${(rss.at(-1)!.kb / 1024).toFixed(0)} MB)`, ok: drift <= 0.1, target: '≤ 10 %' },
    ...(pg ? [] : [{ name: 'WAL size (max)', value: mb(walMax), ok: walMax <= 64 * 1048576, target: '≤ 64 MB' }]),
    { name: 'ingest rate held', value: `${(ingest.length / measuredSeconds).toFixed(0)} beats/s`, ok: ingest.length / measuredSeconds >= RATE * 0.95, target: `≥ 95 % of ${RATE}` },
  ];
  // The figures only mean something on a machine that isn't busy with other work: say how busy it was.
  const busy = Math.max(loadBefore, loadavg()[0]!);
  console.log(`machine: ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0]!.toFixed(1)} after${busy > cpus().length ? ' — busier than its cores, figures are pessimistic' : ''}`);
  console.log('');
  for (const t of targets) console.log(`${t.ok ? 'PASS' : 'FAIL'}  ${t.name.padEnd(18)} ${t.value.padEnd(34)} target ${t.target}`);
  return targets;
}

const base = baseDatabase();
const results: { label: string; targets: Target[] }[] = [];
if (BACKENDS.includes('sqlite')) {
  const run = prepareRun(base);
  results.push({ label: 'SQLite', targets: await runOn('SQLite', run, run.file, () => statSync(run.file).size) });
}
if (BACKENDS.includes('pg')) {
  const pgDb = await openBenchPostgres(PG_SERVER);
  try {
    console.log(`\nPostgreSQL: ${pgDb.where}`);
    const run = prepareRun(base);
    copyToPostgres(run.file, pgDb.url);
    const size = () => {
      const c = openDatabase(pgDb.url, ROOT).$client;
      try {
        return Number((c.prepare('SELECT pg_database_size(current_database()) AS n').get() as { n: number }).n);
      } finally {
        c.close();
      }
    };
    results.push({ label: 'PostgreSQL', targets: await runOn('PostgreSQL', run, pgDb.url, size) });
  } finally {
    await pgDb.close();
  }
}
if (results.length > 1) {
  // Side by side, same workload: one line per target, one column per backend.
  console.log(`\n${'target'.padEnd(20)} ${results.map((r) => r.label.padEnd(44)).join(' ')}`);
  for (const name of [...new Set(results.flatMap((r) => r.targets.map((t) => t.name)))]) {
    const cells = results.map((r) => {
      const t = r.targets.find((x) => x.name === name);
      return (t ? `${t.ok ? 'PASS' : 'FAIL'} ${t.value}` : 'n/a').slice(0, 44).padEnd(44);
    });
    console.log(`${name.padEnd(20)} ${cells.join(' ')}`);
  }
}
