import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import type { Config } from '../../src/schemas/config.ts';
import type { Db } from '../../db/client.ts';
import { formatIssueLines } from '../../src/lib/content/check-report.ts';
import { validateContent } from '../../src/lib/content/validate.ts';
import { itemHref } from '../../src/lib/content/routes.ts';
import { isPublished } from '../../src/lib/content/visibility.ts';
import { recordRunCommit, recordRunFinished, recordRunStarted, type PublishStep } from '../../src/lib/server/publish/publish-history.ts';
import { astroBuildEnv } from './build-if-stale.ts';
import { controlSocketPath, instanceControlSockets } from './supervisor.ts';
import { pruneReleases, readLiveFile, releasesDir, writeLiveFile, type BuildRef } from './releases.ts';
import { freeLoopbackPort } from './free-port.ts';

export interface PublishOptions {
  root: string;
  config: Config;
  db: Db;
  trigger: string;
  requestedBy: string | null;
  pull: boolean;
  rollback: boolean;
  /** One line per step as it starts and ends (the CLI prints them; the supervisor's log keeps them). */
  progress: (line: string) => void;
  t: (key: string, params?: Record<string, string | number>) => string;
}

export interface PublishResult {
  ok: boolean;
  failedStep?: PublishStep;
  report?: string;
  release?: BuildRef;
  steps: { step: PublishStep; ms: number }[];
  totalMs: number;
  /** False when no server was running to switch (the build is marked live for the next `npm start`). */
  switched: boolean;
}

class StepFailed extends Error {
  readonly step: PublishStep;
  readonly report: string;
  constructor(step: PublishStep, report: string) {
    super(report);
    this.step = step;
    this.report = report;
  }
}

const git = (root: string, args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });

function readHead(root: string): { hash: string; author: string; subject: string } | null {
  const r = git(root, ['log', '-1', '--format=%H%x1f%an <%ae>%x1f%s']);
  if (r.status !== 0) return null;
  const [hash = '', author = '', subject = ''] = r.stdout.trim().split('\x1f');
  return { hash, author, subject };
}

/** Run a command, keeping the last 200 lines of its output for the report. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => {
      out += d.toString('utf8');
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => done({ code: code ?? 1, output: out.split('\n').slice(-200).join('\n') }));
  });
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Ask the running supervisor something over its control socket; null when no server listens there. */
export function callControl(socketPath: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> } | null> {
  if (!existsSync(socketPath)) return Promise.resolve(null);
  return new Promise((done, fail) => {
    const req = request({ socketPath, method, path, headers: { 'content-type': 'application/json' }, timeout: 120_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          done({ status: res.statusCode ?? 500, body: JSON.parse(text) as Record<string, unknown> });
        } catch (error) {
          fail(error);
        }
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? done(null) : fail(error)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Paths the smoke check asks for: every route type, each answered without a server error. */
export function smokePaths(root: string): { path: string; expect: number[] }[] {
  const ok = [200];
  const gated = [200, 302, 303, 401, 403];
  const paths: { path: string; expect: number[] }[] = [
    { path: '/healthz', expect: ok },
    { path: '/', expect: ok },
    { path: '/login', expect: ok },
    { path: '/search', expect: ok },
    { path: '/levels/1', expect: ok },
    { path: '/t.js', expect: ok },
    { path: '/search-index/public/pagefind-entry.json', expect: ok },
    { path: '/manage', expect: gated },
    { path: '/does-not-exist-smoke', expect: [404] },
  ];
  const items = validateContent(root).items.filter((i) => isPublished(i.data as unknown as { draft?: boolean; publishedAt: Date }));
  for (const type of ['manual', 'article', 'webinar', 'case-study', 'announcement', 'roadmap'] as const) {
    const ofType = items.filter((i) => i.type === type);
    const item = ofType.find((i) => i.data.audience === 'public') ?? ofType[0];
    paths.push({ path: itemHref(type, 'x').replace(/\/x$/, ''), expect: ok });
    if (item) paths.push({ path: itemHref(type, item.data.key), expect: item.data.audience === 'public' ? ok : gated });
  }
  return paths;
}

/** Start the new build alone on a spare loopback port and ask it for every route type. */
async function smokeCheck(root: string, config: Config, dir: string): Promise<string[]> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [join(root, 'scripts/serve-worker.ts'), '--smoke'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: config.NODE_ENV, PORT: String(port), HOST: '127.0.0.1', JISOU_BUILD_DIR: dir, JISOU_SEARCH_DIR: join(dir, 'search'), LOG_REQUESTS: 'errors', ALLOWED_HOSTS: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const problems: string[] = [];
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) return [`the new build exited at start:\n${out.slice(-4000)}`];
      const r = await fetch(`${base}/healthz`).catch(() => null);
      if (r) break;
      if (Date.now() > deadline) return [`the new build did not answer within 60 s:\n${out.slice(-4000)}`];
      await new Promise((r2) => setTimeout(r2, 100));
    }
    for (const p of smokePaths(root)) {
      const r = await fetch(`${base}${p.path}`, { redirect: 'manual' }).catch((e: Error) => ({ status: 0, statusText: e.message }) as Response);
      if (!p.expect.includes(r.status)) problems.push(`GET ${p.path} answered ${r.status || r.statusText} (expected ${p.expect.join(' or ')})`);
    }
    if (problems.length) problems.push(`server log:\n${out.slice(-4000)}`);
    return problems;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/** One publish at a time per checkout: a lock file naming the process that holds it. */
function takeLock(dir: string): (() => void) | null {
  const path = join(dir, '.publish.lock');
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch {
      const pid = Number(readFileSync(path, 'utf8'));
      try {
        if (pid > 0) process.kill(pid, 0);
        return null;
      } catch {
        unlinkSync(path); // the holder is gone
      }
    }
  }
  return null;
}

function newReleaseId(commit: string | undefined): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${(commit ?? 'nogit').slice(0, 8)}-${process.pid}`;
}

/**
 * The pipeline: (pull) → content:check → build into releases/<id>/ → smoke-check it on a spare port →
 * switch the live server → keep the previous build for --rollback. Any failure before the switch leaves
 * the live portal as it was. Every run is recorded in publish_runs (shown on /manage/publish).
 */
export async function runPublish(opts: PublishOptions): Promise<PublishResult> {
  const { root, config, db, t } = opts;
  const started = Date.now();
  const steps: { step: PublishStep; ms: number }[] = [];
  const dir = releasesDir(root, config);
  const socket = controlSocketPath(root, config);
  const id = newReleaseId(readHead(root)?.hash);
  const unlock = takeLock(dir);
  if (!unlock) return { ok: false, failedStep: 'pull', report: t('publish.locked'), steps, totalMs: 0, switched: false };
  recordRunStarted(db, { id, trigger: opts.trigger, requestedBy: opts.requestedBy, startedAt: started });
  const total = opts.rollback ? 2 : opts.pull ? 5 : 4;
  let n = 0;
  const step = async <T>(name: PublishStep, work: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    opts.progress(t('publish.step.start', { n: ++n, total, step: t(`publish.step.${name}`) }));
    const value = await work();
    const ms = Math.round(performance.now() - at);
    steps.push({ step: name, ms });
    opts.progress(t('publish.step.done', { n, total, step: t(`publish.step.${name}`), seconds: (ms / 1000).toFixed(1) }));
    return value;
  };
  let release: BuildRef | undefined;
  try {
    const status = await callControl(socket, 'GET', '/status');
    const liveFile = readLiveFile(root, config);
    const current: BuildRef | null = status?.body.dir
      ? { id: basename(String(status.body.dir)), dir: String(status.body.dir) }
      : (liveFile?.live ?? null);

    if (opts.rollback) {
      const previous = liveFile?.previous;
      if (!previous || !existsSync(join(previous.dir, 'server/entry.mjs'))) throw new StepFailed('switch', t('publish.rollback.none'));
      release = previous;
      await step('smoke', async () => {
        const problems = await smokeCheck(root, config, previous.dir);
        if (problems.length) throw new StepFailed('smoke', problems.join('\n'));
      });
    } else {
      if (opts.pull) {
        await step('pull', async () => {
          const r = await run('git', ['pull', '--ff-only'], { cwd: root });
          if (r.code !== 0) throw new StepFailed('pull', plain(r.output));
        });
      }
      recordRunCommit(db, id, readHead(root));
      await step('check', async () => {
        const { issues } = validateContent(root, { includeDrafts: true });
        const errors = issues.filter((i) => i.severity === 'error');
        if (errors.length) throw new StepFailed('check', `${t('publish.check.failed', { count: errors.length })}\n${formatIssueLines(errors).join('\n')}`);
      });
      release = { id, dir: join(dir, id) };
      const target = release;
      await step('build', async () => {
        const r = await run(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', target.dir], { cwd: root, env: astroBuildEnv() });
        if (r.code !== 0) throw new StepFailed('build', plain(r.output));
        writeFileSync(join(target.dir, '.jisou-build'), new Date().toISOString());
      });
      await step('smoke', async () => {
        const problems = await smokeCheck(root, config, target.dir);
        if (problems.length) throw new StepFailed('smoke', problems.join('\n'));
      });
    }

    const target = release;
    const switched = await step('switch', async () => {
      // Every instance of this checkout, one after the other: the others keep serving meanwhile, and no two
      // instances behind one load balancer serve different builds for longer than one switch.
      let any = false;
      for (const path of instanceControlSockets(root, config)) {
        const r = await callControl(path, 'POST', '/switch', { dir: target.dir, warm: smokePaths(root).filter((p) => p.expect.includes(200)).map((p) => p.path) });
        if (r && r.status !== 200) throw new StepFailed('switch', String(r.body.error ?? `control socket ${basename(path)} answered ${r.status}`));
        any ||= r !== null;
      }
      return any;
    });
    if (!switched) opts.progress(t('publish.noServer'));
    const previous = opts.rollback ? (liveFile?.live ?? null) : current && current.dir !== target.dir ? current : null;
    writeLiveFile(root, config, { live: target, previous });
    pruneReleases(root, config, [target.dir, ...(previous ? [previous.dir] : [])]);
    recordRunFinished(db, id, { ok: true, releaseId: target.id, steps, startedAt: started });
    return { ok: true, release: target, steps, totalMs: Date.now() - started, switched };
  } catch (error) {
    const failed = error instanceof StepFailed ? error : new StepFailed('build', (error as Error).stack ?? String(error));
    // A failed build never becomes live; its half-written folder goes.
    if (!opts.rollback && release && existsSync(release.dir)) rmSync(release.dir, { recursive: true, force: true });
    recordRunFinished(db, id, { ok: false, failedStep: failed.step, report: failed.report, steps, startedAt: started });
    return { ok: false, failedStep: failed.step, report: failed.report, steps, totalMs: Date.now() - started, switched: false };
  } finally {
    unlock();
  }
}


