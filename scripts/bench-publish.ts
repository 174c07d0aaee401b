// `npm run bench:publish`: the publish pipeline on a copy of this project, twice: with the demo content and with
// 1,000 generated pages added (BENCH_PAGES). For each: the time of every step and the total, and the requests that
// failed while the live server switched builds under a steady load (BENCH_RPS, default 200 req/s: pages and
// tracking beats, keep-alive connections like browsers). Target: 0 failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freeLoopbackPort } from './lib/free-port.ts';
import { copyProject } from './lib/copy-project.ts';

const root = resolve(import.meta.dirname, '..');
const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const RPS = Number(process.env.BENCH_RPS ?? 200);

const copyOf = (extra: Record<string, string>) => copyProject(root, mkdtempSync(join(tmpdir(), 'jisou-bench-publish-')), extra);

const generated = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `content/manuals/bench/page-${i}.mdx`,
      `---\nkey: bench-publish-${i}\ntitle: 公開ベンチ用マニュアル ${i}\ndescription: 生成ページ ${i}\naudience: public\nseries: bench-publish-${Math.floor(i / 10)}\norder: ${(i % 10) + 1}\npublishedAt: 2026-01-01\n---\n\n## 概要 ${i}\n\n${'共有受信箱の設定と自動振り分けルールを順に確認します。担当者の割り当てを決め、SLA の目標時間を設定します。'.repeat(6)}\n\n## 手順\n\n1. 設定画面を開きます。\n2. 保存して完了です。\n`,
    ]),
  );

async function waitUp(base: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out()}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Load at `rps`, started on schedule (open loop) over a pool of 64 keep-alive connections, as a reverse proxy
 * keeps to its upstream: two page views for each tracking beat. Every request is kept with its start time and
 * outcome, so failures can be counted in the switch window as well as overall.
 */
function load(base: string, rps: number, beatKey: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(base);
  const done: { at: number; ok: boolean; why?: string }[] = [];
  const pending = new Set<Promise<void>>();
  const paths = ['/', `/articles/${beatKey}`, '/manuals'];
  let sent = 0;
  const one = (i: number) =>
    new Promise<void>((resolveOne) => {
      const at = Date.now();
      const beat = i % 3 === 2;
      const body = beat ? JSON.stringify({ v: 1, view: `bench${String(i).padStart(11, '0')}`, key: beatKey, events: [{ t: 'view' }] }) : undefined;
      const req = httpRequest(
        {
          hostname,
          port,
          agent,
          method: beat ? 'POST' : 'GET',
          path: beat ? '/api/track' : paths[i % paths.length],
          headers: beat ? { 'content-type': 'application/json', origin: base, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' } : {},
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            done.push({ at, ok: (res.statusCode ?? 500) < 500, why: `HTTP ${res.statusCode}` });
            resolveOne();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        done.push({ at, ok: false, why: error.code ?? error.message });
        resolveOne();
      });
      req.end(body);
    });
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rps);
    while (sent < due) {
      const p = one(sent++);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  }, 5);
  return {
    stop: async () => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(pending);
      agent.destroy();
      return { sent, done, seconds, drained: (performance.now() - started) / 1000 };
    },
  };
}

/** Run the publish CLI without blocking this process (the load keeps its schedule); lines time-stamped. */
function runPublish(dir: string, env: NodeJS.ProcessEnv): Promise<{ code: number; lines: { at: number; line: string }[]; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(dir, 'scripts/publish.ts')], { cwd: dir, env });
    const lines: { at: number; line: string }[] = [];
    let output = '';
    const onData = (d: Buffer) => {
      output += d;
      for (const line of d.toString('utf8').split('\n')) if (line.trim()) lines.push({ at: Date.now(), line: line.trim() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => resolveRun({ code: code ?? 1, lines, output }));
  });
}

async function scenario(name: string, extra: Record<string, string>) {
  const dir = copyOf(extra);
  const port = await freeLoopbackPort();
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV')),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'bench.sqlite'),
    JISOU_DEMO: 'false',
    LOG_REQUESTS: 'off',
    JISOU_TRACK_VISITOR_ROWS_PER_MINUTE: '0',
    JISOU_TRACK_PERSON_ROWS_PER_MINUTE: '0',
  };
  const server = spawn(process.execPath, [join(dir, 'scripts/start.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    console.log(`\n== ${name}: first build and start (not part of the publish)…`);
    await waitUp(base, server, () => out);
    // A new file each time, so every publish has something new to build.
    const touch = () =>
      writeFileSync(join(dir, 'content/articles/ja/bench-publish-probe.mdx'), `---\nkey: bench-publish-probe\ntitle: プローブ\ndescription: 説明\naudience: public\npublishedAt: 2026-01-01\n---\n\n本文 ${Date.now()}\n`);
    touch();
    const quiet = await runPublish(dir, { ...env, JISOU_LANG: 'en' });
    if (quiet.code !== 0) throw new Error(`publish failed:\n${quiet.output}`);
    const quietTotal = quiet.lines.find((l) => /^Published release/.test(l.line))?.line.match(/in ([\d.]+) s/)?.[1] ?? '?';
    console.log(`${name}: publish steps (no load)`);
    for (const l of quiet.lines.filter((x) => /: ok \(/.test(x.line))) console.log(`  ${l.line}`);
    console.log(`  total                                   ${quietTotal} s (target for the demo content: 30 s)`);
    await new Promise((r) => setTimeout(r, 7000)); // the replaced process finishes draining
    touch();
    const traffic = load(base, RPS, 'bench-publish-probe');
    await new Promise((r) => setTimeout(r, 2000));
    const t0 = performance.now();
    const pub = await runPublish(dir, { ...env, JISOU_LANG: 'en' });
    const totalMs = performance.now() - t0;
    // The old process answers its open connections for 5.5 s after the switch, then exits: keep the load on.
    await new Promise((r) => setTimeout(r, 7000));
    const result = await traffic.stop();
    if (pub.code !== 0) throw new Error(`publish failed:\n${pub.output}`);
    const switchStart = pub.lines.find((l) => /switch the live server…/.test(l.line))!.at;
    const switchEnd = pub.lines.find((l) => /switch the live server: ok/.test(l.line))!.at + 7000;
    const inWindow = result.done.filter((d) => d.at >= switchStart && d.at <= switchEnd);
    const failedAll = result.done.filter((d) => !d.ok);
    const failedSwitch = inWindow.filter((d) => !d.ok);
    console.log(`${name}: publish again under ${RPS} req/s (pages and beats; the server and the build share the 2 cores)`);
    for (const l of pub.lines.filter((x) => /: ok \(/.test(x.line))) console.log(`  ${l.line}`);
    console.log(`  total under load                        ${(totalMs / 1000).toFixed(1)} s`);
    console.log(`  load: ${result.sent} requests started in ${result.seconds.toFixed(1)} s (${(result.sent / result.seconds).toFixed(0)} req/s), ${result.done.length} answered; served ${(result.done.length / result.drained).toFixed(0)} req/s`);
    console.log(`  switch window (switch step + old process drain, ${((switchEnd - switchStart) / 1000).toFixed(1)} s): ${inWindow.length} requests, failed: ${failedSwitch.length} (target 0)`);
    console.log(`  whole run (build competes with the server for the 2 cores): failed ${failedAll.length}`);
    const why = new Map<string, number>();
    for (const f of failedAll) why.set(f.why ?? '?', (why.get(f.why ?? '?') ?? 0) + 1);
    for (const [w, n] of why) console.log(`    ${n} × ${w}`);
    return { name, quietTotal, totalMs, failed: failedSwitch.length, failedAll: failedAll.length };
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await scenario('demo content', {}), await scenario(`demo content + ${PAGES} generated pages`, generated(PAGES))];
console.log('\nsummary');
for (const r of results) console.log(`  ${r.name.padEnd(40)} publish ${r.quietTotal.padStart(5)} s (no load), ${(r.totalMs / 1000).toFixed(1).padStart(6)} s under load   failed during the switch: ${r.failed}   failed overall: ${r.failedAll}`);
