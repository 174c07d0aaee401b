// `npm run bench:kpi [-- --sizes 1m,10m] [--runs 20] [--no-pages] [--no-raw] [--keep] [--reuse]
// [--items 1000] [--accounts 5000] [--people 60000] [--days 365] [--no-queries] [--pg] [--pages-on pg]` (and DATABASE_URL=postgres://…): generates 1M and 10M raw events
// deterministically, builds the rollups, then prints p50/p95 of every KPI query (beside the same
// aggregate computed over the raw events, with the rollup/raw ratio) and of every dashboard page over
// HTTP against the built server. Targets: page p95 ≤ 100 ms at 1M, ≤ 300 ms at 10M and 100M; ratio ≤ 0.05 at 10M.
// With --items N the portal has N content items (the demo's plus generated ones, scripts/lib/bench-kpi-data.ts):
// a copy of the project with them is built once under .bench/ and serves the pages.
// PostgreSQL beside SQLite: with DATABASE_URL=postgres://… (a server where the bench may create databases) or
// --pg (a throwaway cluster from Debian's postgresql package, set up as for bench:ingest: scripts/lib/bench-postgres.ts), each size's
// SQLite database is copied into a new PostgreSQL database with db:copy's code (dropped afterwards unless
// --keep; with --reuse a kept copy on DATABASE_URL's server is timed again instead of copied), and every query, table and page is timed on both; PostgreSQL lines follow their SQLite line, with
// the database server's CPU per request (its processes, when it runs on this machine) and the pg/sqlite ratio.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { processTreeCpuMs, processTreeRssKb } from './lib/process-usage.ts';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { createSession, generateSessionToken } from '../src/lib/server/auth/session.ts';
import { loadKpiContent } from '../src/lib/server/kpi/kpi-content.ts';
import { buildTable, TABLE_IDS } from '../src/lib/server/kpi/kpi-tables.ts';
import { resolvePeriod, startOfDayInZone, addDays } from '../src/lib/server/kpi/period.ts';
import { getOverviewView } from '../src/lib/server/kpi/views/overview-view.ts';
import { kpiConfigSchema, toKpiSettings } from '../src/schemas/kpi-config.ts';
import { buildRollups, countRows, generateBenchItems, insertAccounts, insertEvents, shapeFor } from './lib/bench-kpi-data.ts';
import { copyProject, refreshProjectCode } from './lib/copy-project.ts';
import { rawQueries, rollupQueries } from './lib/bench-kpi-queries.ts';
import { startTestServer } from '../tests/support/server.ts';
import { openBenchPostgres, type BenchPostgres } from './lib/bench-postgres.ts';
import { isPostgresUrl } from '../db/postgres-url.ts';
import { copyDatabase } from '../src/lib/server/db-copy/copy-database.ts';
import { openCopyEndpoint } from '../src/lib/server/db-copy/copy-endpoint.ts';
import { REFRESH_MS } from '../src/lib/server/kpi/reuse-recent-read.ts';
import { loadContentIndex } from '../src/lib/server/tracking/content-index.ts';
import { createIngest } from '../src/lib/server/tracking/ingest.ts';
import { createInlineSink } from '../src/lib/server/tracking/writer.ts';
import type Database from 'better-sqlite3';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..');
const TZ = 'Asia/Tokyo';
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1m,10m' }, runs: { type: 'string', default: '20' }, 'no-pages': { type: 'boolean', default: false }, 'no-raw': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false }, 'no-queries': { type: 'boolean', default: false },
    items: { type: 'string' }, accounts: { type: 'string' }, people: { type: 'string' }, days: { type: 'string' },
    pg: { type: 'boolean', default: false }, 'pages-on': { type: 'string', default: 'sqlite,pg' },
  },
});
// --pages-on pg: the pages over HTTP on PostgreSQL only (the SQLite half takes as long again at 100M events).
const pagesOn = new Set(args['pages-on'].split(',').map((b) => b.trim()));
if (!pagesOn.size || [...pagesOn].some((b) => b !== 'sqlite' && b !== 'pg')) {
  console.error(`--pages-on "${args['pages-on']}": give sqlite, pg or sqlite,pg`);
  process.exit(2);
}
const sizes = args.sizes.split(',').map((s) => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim());
  if (!m) {
    console.error(`--sizes "${s}": use e.g. 1m,10m or 200k`);
    process.exit(2);
  }
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 1e6 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1));
});
const RUNS = Math.max(3, Number(args.runs) || 20);
const NOW = Date.parse('2026-11-22T03:00:00Z');

/** A whole-number option, or undefined when not given; anything else stops the bench with the fix. */
function countArg(name: 'items' | 'accounts' | 'people' | 'days', min: number): number | undefined {
  const raw = args[name];
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/k$/i, '000'));
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} "${raw}": give a whole number ≥ ${min}, e.g. --${name} ${name === 'days' ? 365 : name === 'items' ? 1000 : 5000}`);
    process.exit(2);
  }
  return n;
}
const given = { accounts: countArg('accounts', 10), users: countArg('people', 10), days: countArg('days', 30) };
const itemCount = countArg('items', 1);
if (given.users !== undefined && given.users < (given.accounts ?? 0)) {
  console.error(`--people ${given.users} is fewer than --accounts ${given.accounts}: every account needs at least one person.`);
  process.exit(2);
}

/**
 * The project the pages are served from and the KPI content read from: this checkout, or with --items a
 * copy holding that many items (the demo's plus generated ones), made once under .bench/; its code is
 * refreshed from this checkout on every run (and rebuilt when it changed).
 */
function benchRoot(): string {
  if (itemCount === undefined) return ROOT;
  const real = loadKpiContent(ROOT).items.length;
  const dir = join(ROOT, '.bench', `kpi-root-${itemCount}`);
  if (!existsSync(join(dir, 'content'))) {
    console.log(`portal with ${itemCount} items: copying the project to ${dir} with ${Math.max(0, itemCount - real)} generated items`);
    copyProject(ROOT, dir, generateBenchItems(Math.max(0, itemCount - real), NOW));
  } else refreshProjectCode(ROOT, dir);
  return dir;
}
const benchRootDir = benchRoot();
const shapeKey = [given.accounts && `a${given.accounts}`, given.users && `p${given.users}`, given.days && `d${given.days}`, itemCount && `i${itemCount}`].filter(Boolean).join('-');

function stats(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}
/** Wall-clock p50/p95 and mean CPU time (on a busy shared machine wall time includes waiting for a core). */
async function measure(f: () => unknown, runs = RUNS, warmup = true): Promise<{ p50: number; p95: number; cpu: number }> {
  if (warmup) await f();
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    samples.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ...stats(samples), cpu: (cpu.user + cpu.system) / 1000 / runs };
}

const processCpuMs = processTreeCpuMs;

// PostgreSQL beside SQLite (see the top): the server given by DATABASE_URL, or a throwaway cluster with --pg
// (scripts/lib/bench-postgres.ts, the same settings as bench:ingest and bench:load).
const givenUrl = process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
// Not inherited by the SQLite side's server (the PostgreSQL side's gets its own database's URL).
delete process.env.DATABASE_URL;
const withPostgres = givenUrl !== undefined || args.pg;

/**
 * CPU of the PostgreSQL server in ms (all its processes: the postmaster's children serve the connections),
 * found from a connection's backend pid; NaN when the server runs on another machine.
 */
function pgCpuReader(c: Database.Database): () => number {
  const pid = Number((c.prepare('SELECT pg_backend_pid() AS pid').get() as { pid: number }).pid);
  let postmaster: number | undefined;
  try {
    postmaster = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    postmaster = undefined;
  }
  return () => processTreeCpuMs(postmaster);
}

/**
 * A new PostgreSQL database holding the SQLite file's data (copied and verified with db:copy's code), ANALYZEd.
 * With --keep or --reuse on DATABASE_URL's server it has a name of its own (the size and shape), and --reuse
 * takes a copy a run before finished instead of copying again: the data is the same deterministic data.
 */
async function copyIntoPostgres(file: string, size: number): Promise<BenchPostgres> {
  const t = performance.now();
  const tag = `${size}${shapeKey ? `_${shapeKey}` : ''}`.replaceAll('-', '_');
  const kept = args.keep || args.reuse ? { name: `jisou_bench_kpi_${tag}`, mark: `jisou bench:kpi ${tag}: copy verified`, reuse: args.reuse } : undefined;
  const bench = await openBenchPostgres(givenUrl, kept);
  if (bench.reused) {
    console.log(`  reusing the PostgreSQL copy ${bench.where} (--reuse)`);
    return bench;
  }
  const source = await openCopyEndpoint(file, 'source', ROOT, () => null);
  const target = await openCopyEndpoint(bench.url, 'target', ROOT, () => null);
  try {
    const r = await copyDatabase(source, target, { batchRows: 5000 });
    if (!r.verified) throw new Error(`copy into ${bench.where} did not verify`);
    console.log(`  copied into PostgreSQL (${bench.where}) in ${((performance.now() - t) / 1000).toFixed(1)} s: ${r.copiedRows.toLocaleString('en-US')} rows, checksums equal`);
  } finally {
    await source.close();
    await target.close();
  }
  const admin = new pg.Client({ connectionString: bench.url });
  await admin.connect();
  await admin.query('ANALYZE');
  await admin.end();
  await bench.markFinished();
  return bench;
}

/** The same measurement with the database server's CPU per request beside it (PostgreSQL). */
async function measureWithDb(f: () => unknown, dbCpu: () => number, runs = RUNS): Promise<{ p50: number; p95: number; cpu: number; dbCpu: number }> {
  await f();
  const before = dbCpu();
  const m = await measure(f, runs, false);
  return { ...m, dbCpu: (dbCpu() - before) / runs };
}
const pgLine = (label: string, r: { p50: number; p95: number; cpu: number; dbCpu: number }, sqliteP50: number) =>
  `  ${`  └ PostgreSQL`.padEnd(30)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.cpu)}   db cpu ${Number.isNaN(r.dbCpu) ? '       –' : ms(r.dbCpu)}   pg/sqlite ${(r.p50 / sqliteP50).toFixed(2)}  ${label}`;
const ms = (x: number) => x.toFixed(1).padStart(8);

/** Every dashboard page over HTTP against the built server reading `db` (as a manager), on one backend. */
/** Poll /healthz until the dashboard warm-up is done (ready or failed); at most ten minutes. */
async function waitForWarmDashboards(baseUrl: string): Promise<{ state: string; ms: number; afterMs: number }> {
  const t0 = performance.now();
  while (performance.now() - t0 < 600_000) {
    // A probe may meet a keep-alive connection the server is just closing (after a long step of the warm-up at
    // 100M): asked again, as a load balancer's next probe would.
    const health = (await fetch(`${baseUrl}/healthz`).then((r) => r.json(), () => ({}))) as { dashboards?: { state: string; ms?: number } };
    const d = health.dashboards;
    if (d && d.state !== 'warming' && d.state !== 'cold') return { state: d.state, ms: d.ms ?? 0, afterMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the dashboard warm-up did not finish in 10 minutes (see the server log)');
}

/**
 * Live ingest for "each request after a tracking batch": each batch is what 50 customers write when each opens
 * an item and reads it for 15 s, through the portal's own ingest and batch writer on the bench's connection
 * (new people × items among them, so the awareness rows and the per-person funnel change).
 */
function liveTracking(db: Database.Database) {
  const index = loadContentIndex(benchRootDir);
  const keys = [...index].filter(([, i]) => i.type !== 'announcement' && i.type !== 'roadmap').map(([key]) => key);
  const people = db.prepare(`SELECT id AS userId, account_id AS accountId FROM users WHERE role = 'customer' AND account_id IS NOT NULL AND disabled_at IS NULL ORDER BY id LIMIT 5000`).all() as { userId: string; accountId: string }[];
  const ingest = createIngest({
    db, sink: createInlineSink(db, { timeZone: TZ, engagedMs: 30_000, engagedVideoPercent: 50, index }), index,
    flushMs: 3_600_000, batchRows: 100_000, bufferMax: 100_000, retentionDays: 3650, log: () => {},
  });
  let batch = 0;
  return {
    async write(): Promise<void> {
      const now = Date.now();
      for (let i = 0; i < 50; i++) {
        const person = people[(batch * 50 + i) % people.length]!;
        const key = keys[(batch * 7_919 + i * 104_729) % keys.length]!;
        const view = `benchlive${String(batch).padStart(6, '0')}${String(i).padStart(3, '0')}`;
        const viewer = { userId: person.userId, role: 'customer' as const, accountId: person.accountId };
        ingest.accept({ v: 1, view, key, events: [{ t: 'view' }] }, viewer, now - 15_000);
        ingest.accept({ v: 1, view, key, events: [{ t: 'beat', ms: 15_000, depth: 40 }] }, viewer, now);
      }
      batch += 1;
      if (!(await ingest.flush())) throw new Error('the live tracking batch was not written');
    },
    close: () => ingest.close(),
  };
}

async function timePages(size: number, backend: string, db: ReturnType<typeof openDatabase>, serverEnv: Record<string, string>, dbCpu?: () => number): Promise<void> {
  // Pages over HTTP against the built server reading this database (as a manager).
  const token = generateSessionToken();
  db.$client.prepare(`INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES ('bench-manager', 'bench@jisou.test', 'Bench', 'manager', 0, 0) ON CONFLICT DO NOTHING`).run();
  createSession('bench-manager', token, db);
  const server = await startTestServer({ ...serverEnv, DASHBOARD_WARM_UP: 'true' }, benchRootDir);
  // The app server's processes, plus the database server's when it is PostgreSQL on this machine.
  const serverCpu = () => processCpuMs(server.process.pid!) + (dbCpu ? dbCpu() : 0);
  // As a deploy script or a load balancer would: managers are sent to the instance once /healthz says its
  // dashboards are warm (kpi/warm-dashboards.ts). The time to that is printed; "first" below is the first
  // request after it.
  const warm = await waitForWarmDashboards(server.baseUrl);
  console.log(`\n  dashboards warm ${(warm.afterMs / 1000).toFixed(1)} s after the server answered (warm-up ${warm.state}, ${(warm.ms / 1000).toFixed(1)} s of work), server resident memory ${(processTreeRssKb(server.process.pid!) / 1024).toFixed(0)} MB`);
  summary.push(`${size} ${backend} dashboards warm ${(warm.afterMs / 1000).toFixed(1)} s after start (${warm.state})`);
  const cookie = `jisou_session=${token}`;
  const pages = ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/kpi/accounts/b1', '/manage/alerts',
    '/manage/overview?period=90', '/manage/kpi/export/viewing-accounts.csv', '/manage/feedback', '/manage/surveys', '/manage/roadmaps', '/manage/kpi/export/accounts.csv'];
  console.log(`\n  pages over HTTP on ${backend} (${RUNS} runs each, default period 30 days unless stated)${dbCpu ? ', server cpu includes the database server' : ''}`);
  // Pages that evaluate every account (stage, health, alerts, roadmap position).
  const EVALUATING = ['/manage/overview', '/manage/kpi/accounts', '/manage/alerts', '/manage/kpi/export/accounts.csv'];
  const bumpState = db.$client.prepare(`UPDATE app_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'account_state_epoch'`);
  // Pages that read the tracking rows over all accounts (awareness pairs, the per-person funnel, the rollup).
  const LIVE = ['/manage/overview', '/manage/kpi/awareness', '/manage/kpi/accounts'];
  const tracking = liveTracking(db.$client);
  try {
    for (const p of pages) {
      const samples: number[] = [];
      let cpuBefore = 0;
      let first = 0;
      for (let i = 0; i <= RUNS; i++) {
        if (i === 1) cpuBefore = serverCpu();
        const t0 = performance.now();
        const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie }, signal: AbortSignal.timeout(60_000) }).catch((error: Error) => {
          throw new Error(`${p} on ${backend}: ${error.message}\nserver output:\n${server.output().slice(-4000)}`, { cause: error });
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
        if (i > 0) samples.push(performance.now() - t0);
        else first = performance.now() - t0;
      }
      const s = stats(samples);
      const cpu = (serverCpu() - cpuBefore) / RUNS;
      const target = size >= 10_000_000 ? 300 : 100;
      // The first request of a page reads what the process does not hold yet (the closed days of the
      // rollup on the very first one): shown apart, the percentiles are of the requests after it.
      // The large case (issue 19) also bounds server CPU per request (200 ms) and the first request (2 s).
      const large = size >= 50_000_000;
      const verdict = [s.p95 <= target ? 'ok' : `over ${target} ms`, ...(large ? [cpu <= 200 ? 'cpu ok' : 'cpu over 200 ms', first <= 2000 ? 'first ok' : 'first over 2 s'] : [])].join(', ');
      console.log(`  ${p.padEnd(42)} first ${ms(first)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  server cpu/request ${ms(cpu)}  ${verdict}`);
      summary.push(`${size} ${backend} page ${p}: first ${first.toFixed(0)} ms, p95 ${s.p95.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms server CPU per request (target ${target})`);
      // The same page when every request follows a change to an account (a tick, an answer, a mark): the
      // evaluation shared across requests is rebuilt each time. Printed beside it, not hidden by it.
      if (EVALUATING.some((e) => p.startsWith(e))) {
        const changed: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          bumpState.run();
          const t0 = performance.now();
          const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
          await res.arrayBuffer();
          changed.push(performance.now() - t0);
        }
        const cs = stats(changed);
        console.log(`  ${'  … each request after a change'.padEnd(42)}                p50 ${ms(cs.p50)}  p95 ${ms(cs.p95)}  ${cs.p95 <= target ? 'ok' : `over ${target} ms`}`);
        summary.push(`${size} ${backend} page ${p} after a change: p95 ${cs.p95.toFixed(1)} ms wall (target ${target})`);
      }
      // Under live ingest: before each request a tracking batch is written and the recent reads' window
      // passes, so the request reads what the batch changed (kpi/changed-rows.ts), as a manager's does while
      // customers read. The wait is not timed.
      if (LIVE.includes(p)) {
        const live: number[] = [];
        const cpu0 = serverCpu();
        for (let i = 0; i < RUNS; i++) {
          await tracking.write();
          await new Promise((r) => setTimeout(r, REFRESH_MS + 50));
          const t0 = performance.now();
          const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
          await res.arrayBuffer();
          live.push(performance.now() - t0);
        }
        // CPU of the server while idle in the waits is next to nothing; the writes are the bench's own.
        const lcpu = (serverCpu() - cpu0) / RUNS;
        const ls = stats(live);
        console.log(`  ${'  … each request after a tracking batch'.padEnd(42)}                p50 ${ms(ls.p50)}  p95 ${ms(ls.p95)}  server cpu/request ${ms(lcpu)}  ${ls.p95 <= target ? 'ok' : `over ${target} ms`}`);
        summary.push(`${size} ${backend} page ${p} after a tracking batch: p95 ${ls.p95.toFixed(1)} ms wall, ${lcpu.toFixed(1)} ms server CPU per request (target ${target})`);
      }
    }
    const rss = processTreeRssKb(server.process.pid!) / 1024;
    console.log(`  server resident memory after the pages: ${rss.toFixed(0)} MB${size >= 50_000_000 ? (rss <= 1536 ? ' (≤ 1.5 GB ok)' : ' (over 1.5 GB)') : ''}`);
    summary.push(`${size} ${backend} server RSS after the pages: ${rss.toFixed(0)} MB`);
  } finally {
    await tracking.close();
    await server.stop();
  }
}

const content = loadKpiContent(benchRootDir);
const settings = toKpiSettings(kpiConfigSchema.parse({}), TZ);
const summary: string[] = [];

for (const size of sizes) {
  const dir = join(ROOT, '.bench', `kpi-${size}${shapeKey ? `-${shapeKey}` : ''}`);
  const file = join(dir, 'bench.sqlite');
  // --reuse: the database a run with --keep left (the same deterministic data), to time queries and pages again.
  const reuse = args.reuse && existsSync(file);
  if (!reuse) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const shape = shapeFor(size, given);
  // Shared machines skew every figure: say how busy this one was.
  console.log(`\nmachine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);
  console.log(`== ${size.toLocaleString('en-US')} events: ${shape.accounts} accounts, ${shape.users} people, ${content.items.length} items, ${shape.days} days ==`);
  if (itemCount !== undefined) console.log(`  items from ${benchRootDir} (the demo's and generated ones; that copy is built and serves the pages)`);
  const db = openDatabase(file, ROOT);
  const c = db.$client;
  if (reuse) console.log(`  reusing ${file} (--reuse)`);
  else {
    let t = performance.now();
    insertAccounts(c, shape, NOW, content.items.filter((i) => i.type !== 'roadmap').map((i) => i.key));
    console.log(`  voice: ${countRows(c, 'survey_responses').toLocaleString('en-US')} survey answers, ${countRows(c, 'item_feedback').toLocaleString('en-US')} feedback answers`);
    const written = insertEvents(c, shape, content.items.filter((i) => i.type !== 'roadmap'), NOW, console.log);
    console.log(`  generated ${written.toLocaleString('en-US')} raw events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    buildRollups(c, 9 * 60, 30_000);
    console.log(`  built rollups in ${((performance.now() - t) / 1000).toFixed(1)} s: tracking_daily ${countRows(c, 'tracking_daily').toLocaleString('en-US')} rows, progress ${countRows(c, 'tracking_progress').toLocaleString('en-US')}, awareness ${countRows(c, 'tracking_account_awareness').toLocaleString('en-US')}`);
  }
  c.pragma('wal_checkpoint(TRUNCATE)');
  const pgBench = withPostgres ? await copyIntoPostgres(file, size) : undefined;
  const pgUrl = pgBench?.url;
  const pgDb = pgUrl ? openDatabase(pgUrl, ROOT) : undefined;
  const pgc = pgDb?.$client;
  const pgCpu = pgc ? pgCpuReader(pgc) : undefined;

  // --no-queries: only the pages over HTTP (the in-process queries take minutes at 10M events and more).
  for (const period of args['no-queries'] ? [] : (['30', '90'] as const)) {
    const freshOn = (db: Database.Database) => () => ({ db, content, settings, periods: resolvePeriod({ period }, TZ, NOW) });
    const fresh = freshOn(c);
    const freshPg = pgc ? freshOn(pgc) : undefined;
    const ctx = fresh();
    const bounds = {
      from: startOfDayInZone(ctx.periods.current.from, TZ), to: startOfDayInZone(addDays(ctx.periods.current.to, 1), TZ),
      prevFrom: startOfDayInZone(ctx.periods.previous.from, TZ),
    };
    console.log(`\n  period ${period} days (${ctx.periods.current.from} – ${ctx.periods.current.to})`);
    console.log(`  ${'query'.padEnd(30)}   rollup p50/p95/cpu ms        raw p50/p95/cpu ms   rollup/raw (cpu)`);
    const rollup = rollupQueries(fresh);
    const rollupPg = freshPg ? rollupQueries(freshPg) : undefined;
    const raw = rawQueries(c, bounds);
    for (const name of Object.keys(rollup)) {
      const r = await measure(rollup[name]!);
      // Raw scans of 10M events take seconds each: fewer runs there, and only for the 30-day period.
      const big = size >= 5_000_000;
      // --no-raw: the rollup side and the pages only (the raw baseline takes minutes per query at 10M on a busy machine).
      const w = raw[name] && !args['no-raw'] && !(big && period === '90') ? await measure(raw[name]!, big ? 3 : Math.min(RUNS, 5), !big) : undefined;
      const ratio = w ? r.p50 / w.p50 : undefined;
      const cpuRatio = w ? r.cpu / w.cpu : undefined;
      console.log(`  ${name.padEnd(30)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.cpu)}   ${w ? `${ms(w.p50)} ${ms(w.p95)} ${ms(w.cpu)}` : '         –        –        –'}   ${ratio === undefined ? '' : `${ratio.toFixed(3)} (${cpuRatio!.toFixed(3)})`}`);
      if (ratio !== undefined && period === '30') summary.push(`${size} ${name}: rollup/raw ${ratio.toFixed(3)} wall, ${cpuRatio!.toFixed(3)} cpu`);
      if (rollupPg) {
        const p = await measureWithDb(rollupPg[name]!, pgCpu!);
        console.log(pgLine(name, p, r.p50));
        if (period === '30') summary.push(`${size} ${name}: sqlite p50/p95 ${r.p50.toFixed(1)}/${r.p95.toFixed(1)} ms (cpu ${r.cpu.toFixed(1)}), pg ${p.p50.toFixed(1)}/${p.p95.toFixed(1)} ms (cpu ${p.cpu.toFixed(1)} + db ${p.dbCpu.toFixed(1)})`);
      }
    }
    for (const id of TABLE_IDS) {
      const table = (f: typeof fresh) => () => buildTable(id, f(), { accountId: id.startsWith('account-') ? 'b1' : undefined });
      const r = await measure(table(fresh));
      console.log(`  table ${id.padEnd(24)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.cpu)}`);
      if (freshPg) console.log(pgLine(`table ${id}`, await measureWithDb(table(freshPg), pgCpu!), r.p50));
    }
    // Computed part by part in turns of the event loop (as the page does); idle turns add well under 1 ms.
    const o = await measure(() => getOverviewView(fresh()));
    console.log(`  ${'overview (all queries)'.padEnd(30)} ${ms(o.p50)} ${ms(o.p95)} ${ms(o.cpu)}`);
    if (freshPg) {
      const p = await measureWithDb(() => getOverviewView(freshPg()), pgCpu!);
      console.log(pgLine('overview (all queries)', p, o.p50));
      if (period === '30') summary.push(`${size} overview (all queries): sqlite p50/p95 ${o.p50.toFixed(1)}/${o.p95.toFixed(1)} ms, pg ${p.p50.toFixed(1)}/${p.p95.toFixed(1)} ms (cpu ${p.cpu.toFixed(1)} + db ${p.dbCpu.toFixed(1)})`);
    }
  }

  if (!args['no-pages']) {
    if (pagesOn.has('sqlite')) await timePages(size, 'SQLite', db, { DATABASE_PATH: file, JISOU_DEMO: 'false' });
    if (pgDb && pagesOn.has('pg')) await timePages(size, 'PostgreSQL', pgDb, { DATABASE_URL: pgUrl!, JISOU_DEMO: 'false' }, pgCpu);
  }
  pgc?.close();
  // --keep keeps the PostgreSQL database too when it is on DATABASE_URL's server (a throwaway cluster always stops).
  if (pgBench && args.keep && givenUrl) console.log(`  kept ${pgBench.url} (--keep)`);
  else await pgBench?.close();
  c.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`\nSummary\n${summary.map((s) => `  ${s}`).join('\n')}`);
