import cluster, { type Worker } from 'node:cluster';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../src/schemas/config.ts';
import { logError, logEvent } from '../../src/lib/server/log.ts';
import type { PrimaryMessage, WorkerMessage } from './supervisor-messages.ts';
import { requestOnLivePort } from './request-live-port.ts';

/** Where `npm run publish` reaches the running server: one Unix socket per port, beside the releases. */
export function controlSocketPath(root: string, config: Config): string {
  return join(resolve(root, config.JISOU_RELEASES_DIR), `control-${config.PORT}.sock`);
}

/**
 * The control sockets of every instance served from this checkout (several `npm start` on their own ports
 * behind a load balancer): this PORT's first, then the others. A publish switches them all, one at a time.
 */
export function instanceControlSockets(root: string, config: Config): string[] {
  const own = controlSocketPath(root, config);
  const dir = dirname(own);
  const others = existsSync(dir) ? readdirSync(dir).filter((f) => /^control-\d+\.sock$/.test(f)).map((f) => join(dir, f)).filter((f) => f !== own).sort() : [];
  return [own, ...others];
}

/** A new worker must be listening within this long, or the switch is called off. */
const READY_TIMEOUT_MS = 90_000;

export interface SupervisorOptions {
  root: string;
  config: Config;
  buildDir: string;
  onFirstReady: () => void;
}

/**
 * V8 lets a process's heap grow by a factor it picks from how fast it collects (up to 4× the live set) before
 * the next full collection: after the 100M dashboards a worker sat at 1.7 GB for a live set of about 0.6 GB,
 * the rest being replaced figures (an evaluation after a change, a previous period) not yet collected.
 * `compact` fixes the factor at 1.5 (--heap-growing-percent=50): the same page times, 1.1 GB at most. It is
 * not a hard limit, so a bigger live set is never stopped. --optimize-for-size kept 0.85 GB but doubled pages
 * after a change (full collections far too often); see docs/operations.md ("Sizing").
 */
export function workerHeapFlags(config: Pick<Config, 'SERVER_HEAP'>): string[] {
  return config.SERVER_HEAP === 'compact' ? ['--heap-growing-percent=50'] : [];
}

/**
 * The process `npm start` leaves running: it holds the listening socket (Node's cluster, every worker
 * accepting on the same socket) and one server worker on the live build. A switch forks a worker on the
 * new build, waits until it listens, then tells the old one to drain: it answers what it has, flushes
 * the tracking batch, stops its mail loop (leases keep the two from sending one mail twice) and exits.
 * No request is refused meanwhile: the socket never closes and one worker at least always accepts.
 */
export async function supervise(opts: SupervisorOptions): Promise<void> {
  const { root, config } = opts;
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ exec: join(root, 'scripts/serve-worker.ts'), silent: false, execArgv: [...process.execArgv, ...workerHeapFlags(config)] });
  let live: { worker: Worker; dir: string } | undefined;
  let stopping = false;
  let switching: Promise<unknown> = Promise.resolve();
  const restarts: number[] = [];

  const send = (w: Worker, m: PrimaryMessage) => {
    if (w.isConnected()) w.send(m);
  };

  function forkOn(dir: string): Promise<Worker> {
    const worker = cluster.fork({ JISOU_BUILD_DIR: dir });
    return new Promise((resolveReady, reject) => {
      const timer = setTimeout(() => {
        worker.process.kill('SIGKILL');
        reject(new Error(`the server on ${dir} did not listen within ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
      const onMessage = (m: WorkerMessage) => {
        if (m?.type !== 'ready') return;
        clearTimeout(timer);
        worker.off('exit', onExit);
        resolveReady(worker);
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`the server on ${dir} exited before listening (${signal ?? `code ${code}`}); its log is above`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
  }

  function watch(worker: Worker, dir: string): void {
    worker.on('message', (m: WorkerMessage) => {
      if (m?.type === 'publish') queuePublish(m.trigger, m.requestedBy);
    });
    worker.once('exit', (code, signal) => {
      if (stopping || live?.worker !== worker) return;
      // The live worker died on its own (a crash): serve again from the same build, unless it keeps dying.
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > 3) {
        logEvent('error', 'the server keeps exiting; giving up', { code, signal });
        process.exit(1);
      }
      logEvent('error', 'the server process exited; starting it again', { code, signal, dir });
      forkOn(dir)
        .then((w) => {
          live = { worker: w, dir };
          watch(w, dir);
        })
        .catch((error) => {
          logError('restarting the server failed', error);
          process.exit(1);
        });
    });
  }

  /** Resolves when `w` says it stopped accepting (or after a second: it may be gone already). */
  const stoppedAccepting = (w: Worker) =>
    new Promise<void>((done) => {
      const timer = setTimeout(done, 1000);
      const onMessage = (m: WorkerMessage) => {
        if (m?.type !== 'draining') return;
        clearTimeout(timer);
        w.off('message', onMessage);
        done();
      };
      w.on('message', onMessage);
    });

  /**
   * Serve `dir` from now on. Rejects (and the live worker keeps serving) when the new one never listens.
   * Once the old worker stops accepting, the pages in `warm` are asked for on the live port (only the new
   * worker answers now): the first reader of each route does not wait for Astro to load its module.
   */
  function switchTo(dir: string, warm: string[] = []): Promise<{ pid: number }> {
    const run = switching.then(async () => {
      const started = performance.now();
      const worker = await forkOn(dir);
      const old = live;
      live = { worker, dir };
      watch(worker, dir);
      if (old) {
        const stopped = stoppedAccepting(old.worker);
        send(old.worker, { type: 'drain' });
        await stopped;
      }
      // The new worker asked for its dashboard warm-up when it listened, but the old one may have answered that:
      // asked again now that only the new worker accepts (a warm-up already running or done ignores it).
      await requestOnLivePort(config, ['/healthz?warm', ...warm]);
      logEvent('info', 'switched to a new build', { dir, pid: worker.process.pid, ms: Math.round(performance.now() - started) });
      return { pid: worker.process.pid! };
    });
    switching = run.catch(() => undefined);
    return run;
  }

  // Publish runs asked for by the webhook or the button: one at a time, a second request queued once.
  let publishing = false;
  let queued: { trigger: string; requestedBy: string | null } | null = null;
  function queuePublish(trigger: string, requestedBy: string | null): void {
    if (publishing) {
      queued = { trigger, requestedBy };
      return;
    }
    publishing = true;
    const args = [join(root, 'scripts/publish.ts'), '--trigger', trigger, ...(requestedBy ? ['--requested-by', requestedBy] : [])];
    if (['true', '1'].includes(config.PUBLISH_GIT_PULL)) args.push('--pull');
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.once('exit', (code) => {
      logEvent(code === 0 ? 'info' : 'warn', 'publish run finished', { trigger, code });
      publishing = false;
      const next = queued;
      queued = null;
      if (next && !stopping) queuePublish(next.trigger, next.requestedBy);
    });
  }

  const first = await forkOn(opts.buildDir).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
  live = { worker: first, dir: opts.buildDir };
  watch(first, opts.buildDir);
  const control = listenControl(controlSocketPath(root, config), {
    status: () => ({ dir: live?.dir ?? null, pid: live?.worker.process.pid ?? null, publishing }),
    switchTo,
  });
  opts.onFirstReady();

  async function stop(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    control.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    const codes = await Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((done) => {
            if (w.process.exitCode !== null) return done(w.process.exitCode);
            w.once('exit', (code) => done(code ?? 1));
            send(w, { type: 'shutdown', reason });
          }),
      ),
    );
    process.exit(codes.find((c) => c !== 0) ?? 0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** The control socket: GET /status, POST /switch {"dir": "…"}. Only local users with access to the folder reach it. */
function listenControl(path: string, api: { status(): unknown; switchTo(dir: string, warm?: string[]): Promise<{ pid: number }> }): Server {
  mkdirSync(resolve(path, '..'), { recursive: true });
  if (existsSync(path)) unlinkSync(path);
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/status') return reply(200, api.status());
    if (req.method !== 'POST' || req.url !== '/switch') return reply(404, { error: 'not found' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let dir: string;
      let warm: string[];
      try {
        const parsed = JSON.parse(body) as { dir: unknown; warm?: unknown };
        dir = String(parsed.dir);
        warm = Array.isArray(parsed.warm) ? parsed.warm.filter((p): p is string => typeof p === 'string' && p.startsWith('/')) : [];
      } catch {
        return reply(400, { error: 'body must be {"dir": "<build folder>"}' });
      }
      if (!existsSync(join(dir, 'server/entry.mjs'))) return reply(400, { error: `${dir} holds no build (server/entry.mjs missing)` });
      api.switchTo(dir, warm).then(
        (r) => reply(200, { ok: true, ...r }),
        (error: Error) => reply(500, { error: error.message }),
      );
    });
  });
  server.listen(path);
  return server;
}
