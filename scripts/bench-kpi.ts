// `npm run bench:kpi [-- --sizes 1m,10m] [--runs 20] [--no-pages] [--no-raw] [--keep] [--reuse]
// [--items 1000] [--accounts 5000] [--people 60000] [--days 365] [--no-queries]`: generates 1M and 10M raw events
// deterministically, builds the rollups, then prints p50/p95 of every KPI query (beside the same
// aggregate computed over the raw events, with the rollup/raw ratio) and of every dashboard page over
// HTTP against the built server. Targets: page p95 ≤ 100 ms at 1M, ≤ 300 ms at 10M and 100M; ratio ≤ 0.05 at 10M.
// With --items N the portal has N content items (the demo's plus generated ones, scripts/lib/bench-kpi-data.ts):
// a copy of the project with them is built once under .bench/ and serves the pages.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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

const ROOT = resolve(import.meta.dirname, '..');
const TZ = 'Asia/Tokyo';
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1m,10m' }, runs: { type: 'string', default: '20' }, 'no-pages': { type: 'boolean', default: false }, 'no-raw': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false }, 'no-queries': { type: 'boolean', default: false },
    items: { type: 'string' }, accounts: { type: 'string' }, people: { type: 'string' }, days: { type: 'string' },
  },
});
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
const ms = (x: number) => x.toFixed(1).padStart(8);

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

  // --no-queries: only the pages over HTTP (the in-process queries take minutes at 10M events and more).
  for (const period of args['no-queries'] ? [] : (['30', '90'] as const)) {
    const fresh = () => ({ db: c, content, settings, periods: resolvePeriod({ period }, TZ, NOW) });
    const ctx = fresh();
    const bounds = {
      from: startOfDayInZone(ctx.periods.current.from, TZ), to: startOfDayInZone(addDays(ctx.periods.current.to, 1), TZ),
      prevFrom: startOfDayInZone(ctx.periods.previous.from, TZ),
    };
    console.log(`\n  period ${period} days (${ctx.periods.current.from} – ${ctx.periods.current.to})`);
    console.log(`  ${'query'.padEnd(30)}   rollup p50/p95/cpu ms        raw p50/p95/cpu ms   rollup/raw (cpu)`);
    const rollup = rollupQueries(fresh);
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
    }
    for (const id of TABLE_IDS) {
      const r = await measure(() => buildTable(id, fresh(), { accountId: id.startsWith('account-') ? 'b1' : undefined }));
      console.log(`  table ${id.padEnd(24)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.cpu)}`);
    }
    // Computed part by part in turns of the event loop (as the page does); idle turns add well under 1 ms.
    const o = await measure(() => getOverviewView(fresh()));
    console.log(`  ${'overview (all queries)'.padEnd(30)} ${ms(o.p50)} ${ms(o.p95)} ${ms(o.cpu)}`);
  }

  if (!args['no-pages']) {
    // Pages over HTTP against the built server reading this database (as a manager).
    const token = generateSessionToken();
    c.prepare(`INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES ('bench-manager', 'bench@jisou.test', 'Bench', 'manager', 0, 0) ON CONFLICT DO NOTHING`).run();
    createSession('bench-manager', token, db);
    c.pragma('wal_checkpoint(TRUNCATE)');
    const server = await startTestServer({ DATABASE_PATH: file, JISOU_DEMO: 'false' }, benchRootDir);
    const cookie = `jisou_session=${token}`;
    const pages = ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/kpi/accounts/b1', '/manage/alerts',
      '/manage/overview?period=90', '/manage/kpi/export/viewing-accounts.csv', '/manage/feedback', '/manage/surveys', '/manage/roadmaps', '/manage/kpi/export/accounts.csv'];
    console.log(`\n  pages over HTTP (${RUNS} runs each, default period 30 days unless stated)`);
    // Pages that evaluate every account (stage, health, alerts, roadmap position).
    const EVALUATING = ['/manage/overview', '/manage/kpi/accounts', '/manage/alerts', '/manage/kpi/export/accounts.csv'];
    const bumpState = c.prepare(`UPDATE app_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'account_state_epoch'`);
    try {
      for (const p of pages) {
        const samples: number[] = [];
        let cpuBefore = 0;
        let first = 0;
        for (let i = 0; i <= RUNS; i++) {
          if (i === 1) cpuBefore = processCpuMs(server.process.pid!);
          const t0 = performance.now();
          const res = await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
          if (i > 0) samples.push(performance.now() - t0);
          else first = performance.now() - t0;
        }
        const s = stats(samples);
        const cpu = (processCpuMs(server.process.pid!) - cpuBefore) / RUNS;
        const target = size >= 10_000_000 ? 300 : 100;
        // The first request of a page reads what the process does not hold yet (the closed days of the
        // rollup on the very first one): shown apart, the percentiles are of the requests after it.
        // The large case (issue 19) also bounds server CPU per request (200 ms) and the first request (2 s).
        const large = size >= 50_000_000;
        const verdict = [s.p95 <= target ? 'ok' : `over ${target} ms`, ...(large ? [cpu <= 200 ? 'cpu ok' : 'cpu over 200 ms', first <= 2000 ? 'first ok' : 'first over 2 s'] : [])].join(', ');
        console.log(`  ${p.padEnd(42)} first ${ms(first)}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  server cpu/request ${ms(cpu)}  ${verdict}`);
        summary.push(`${size} page ${p}: first ${first.toFixed(0)} ms, p95 ${s.p95.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms server CPU per request (target ${target})`);
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
          summary.push(`${size} page ${p} after a change: p95 ${cs.p95.toFixed(1)} ms wall (target ${target})`);
        }
      }
      const rss = processTreeRssKb(server.process.pid!) / 1024;
      console.log(`  server resident memory after the pages: ${rss.toFixed(0)} MB${size >= 50_000_000 ? (rss <= 1536 ? ' (≤ 1.5 GB ok)' : ' (over 1.5 GB)') : ''}`);
      summary.push(`${size} server RSS after the pages: ${rss.toFixed(0)} MB`);
    } finally {
      await server.stop();
    }
  }
  c.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`\nSummary\n${summary.map((s) => `  ${s}`).join('\n')}`);
