import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import compression from 'compression';
import type { Config } from '../../src/schemas/config.ts';
import { errorFields, logError, logEvent, pathForLog, requestIdFrom } from '../../src/lib/server/log.ts';
import { securityHeaderList } from '../../src/lib/server/security-headers.ts';
import { allowedHosts, isAllowedHost } from '../../src/lib/server/origin/public-origin.ts';
import { refuseMalformedRequest } from '../../src/lib/server/http/malformed-request.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServeOptions {
  config: Config;
  /** Astro's request handler (pages, API routes, static files from dist/client). */
  astro: Handler;
  /**
   * The tracking fast path: answers /api/track itself (true) or leaves the request to Astro (false). `head`
   * holds the headers every response carries; it must send them with its own.
   */
  tracking: { handle(req: IncomingMessage, res: ServerResponse, head: string[]): boolean; close(): Promise<void> };
  onListening?: () => void;
  /** Background work stopped on shutdown after the requests in flight (the mail sender). */
  background?: { name: string; close(): Promise<void> }[];
  /** Install the SIGTERM/SIGINT and crash handlers (false in tests that run the wrapper in-process). */
  handleSignals?: boolean;
}

/**
 * Behind a TLS-terminating proxy the socket is plain HTTP, so Astro would build http:// request URLs and
 * its origin check would refuse every form POST from the https:// page. With TRUST_PROXY on (Jisou
 * reachable only by the proxy) the proxy's X-Forwarded-Proto decides, per request.
 */
function applyForwardedProtocol(req: IncomingMessage): void {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  Object.defineProperty(req.socket, 'encrypted', { value: proto === 'https', configurable: true, writable: true });
}

/**
 * How long callbacks waited for the event loop (a long synchronous render or query delays every request
 * behind it). /healthz reads and resets it, so each probe shows the delays since the previous one; the
 * symbol lets Astro's bundle (its own module copies) reach it.
 */
function watchEventLoop(): void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  (globalThis as { [key: symbol]: unknown })[Symbol.for('jisou.eventLoop.read')] = () => {
    const read = { delayP99Ms: Math.round(histogram.percentile(99) / 1e5) / 10, delayMaxMs: Math.round(histogram.max / 1e5) / 10 };
    histogram.reset();
    return read;
  };
}

/**
 * Responses of Astro (pages, API JSON, CSS, JS, SVG from dist/client) are compressed with brotli or
 * gzip as the browser's Accept-Encoding allows, with Vary: Accept-Encoding. Types that are already
 * compressed are left alone (only the text types below are compressed), and so is any response that carries its own
 * Content-Encoding: the search route gzips Pagefind's script and entry file itself, and Pagefind's
 * .pf_* chunks and wasm are gzip files served as application/octet-stream (never compressed twice).
 * Brotli at quality 4 (the package's default for on-the-fly responses) costs about as much CPU as gzip 6.
 */
const COMPRESSIBLE = /^(text\/(html|css|javascript|plain|csv|xml)|application\/(javascript|json|xml|[\w.-]+\+json)|image\/svg\+xml)\s*(;|$)/i;
const compress = compression({
  threshold: 1024,
  // An allow-list, not the package's default (mime-db counts application/octet-stream as compressible,
  // which would gzip Pagefind's gzip chunks again).
  filter: (_req, res) => COMPRESSIBLE.test(String(res.getHeader('content-type') ?? '')),
}) as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Health checks (load balancers, systemd, Docker) often probe by IP; /healthz builds no links, so any Host may ask. */
const isHealthCheck = (url: string | undefined) => url === '/healthz' || url?.startsWith('/healthz?') === true;

function setHeaders(res: ServerResponse, head: string[]): void {
  for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
}

function shouldLog(mode: Config['LOG_REQUESTS'], path: string, status: number): boolean {
  if (mode === 'off') return false;
  if (mode === 'errors') return status >= 400;
  // Beats arrive by the thousand per second; /healthz counts them, the log keeps only the refused ones.
  return !(path === '/api/track' && status < 400);
}

/**
 * Jisou's HTTP server: request ids and one JSON log line per request, security headers on every
 * response (static files from dist/client bypass Astro's middleware), header and request timeouts
 * against slow clients, and a graceful shutdown on SIGTERM/SIGINT: stop accepting → let requests in
 * flight finish (up to SHUTDOWN_TIMEOUT_MS) → flush the tracking buffer → close the database → exit 0.
 */
export function serve(opts: ServeOptions): { server: Server; shutdown: (reason: string, code?: number, lingerMs?: number) => Promise<void> } {
  const { config } = opts;
  const production = config.NODE_ENV === 'production';
  const trustProxy = ['true', '1'].includes(config.TRUST_PROXY);
  const security = securityHeaderList(production);
  const hosts = allowedHosts(config);
  let shuttingDown = false;
  let inFlight = 0;
  watchEventLoop();

  const server = createServer(
    {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: 5_000,
      // Node checks the two timeouts above only this often (default 30 s): check often enough to honour them.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.HTTP_HEADERS_TIMEOUT_MS / 2)),
    },
    (req, res) => {
      const started = performance.now();
      const id = requestIdFrom(req.headers['x-request-id']);
      // Astro's middleware and routes see the same id (for their own log lines).
      req.headers['x-request-id'] = id;
      // Headers every response carries. The tracking fast path sends them with its own in one writeHead
      // (setting ten headers one by one costs more than the rest of a beat's checks); others get them here.
      const head = ['X-Request-Id', id, ...security];
      // While shutting down, answer the requests already on open connections, then let those close.
      if (shuttingDown) res.setHeader('connection', 'close');
      if (trustProxy) applyForwardedProtocol(req);
      inFlight++;
      res.once('close', () => {
        inFlight--;
        const path = pathForLog(req.url);
        if (!shouldLog(config.LOG_REQUESTS, path, res.statusCode)) return;
        const fields: Record<string, unknown> = { id, method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 };
        if (!res.writableFinished) fields.aborted = true;
        logEvent(res.statusCode >= 500 ? 'error' : 'info', 'request', fields);
      });
      const refusal = refuseMalformedRequest(req);
      if (refusal) {
        setHeaders(res, head);
        res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...refusal.headers });
        res.end(refusal.message);
        return;
      }
      // Production answers only for its own name (ALLOWED_HOSTS, default PUBLIC_ORIGIN's host): pages and
      // redirects never see a forged Host, whatever they build from the request URL.
      if (hosts && !isHealthCheck(req.url) && !isAllowedHost(req.headers.host, hosts)) {
        setHeaders(res, head);
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`421 Misdirected Request: this server does not answer for the Host "${String(req.headers.host ?? '').slice(0, 100)}". Operators: see ALLOWED_HOSTS and PUBLIC_ORIGIN in docs/operations.md.\n`);
        return;
      }
      try {
        if (!opts.tracking.handle(req, res, head)) {
          setHeaders(res, head);
          compress(req, res, () => opts.astro(req, res));
        }
      } catch (error) {
        // Log the details; the browser gets a plain message, never a stack trace.
        logError('request failed', error, { id, method: req.method, path: pathForLog(req.url) });
        if (res.headersSent) res.destroy();
        else {
          setHeaders(res, head);
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          res.end(`Internal error (request id ${id}).`);
        }
      }
    },
  );

  // Malformed requests and clients too slow to send their headers/body: answer like Node would, and log it.
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timeout ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    logEvent('warn', timeout ? 'client too slow, connection closed' : 'malformed request', { code: error.code, remote: socket.remoteAddress });
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });

  server.listen(config.PORT, config.HOST, () => opts.onListening?.());

  /**
   * `lingerMs` (a build switch, scripts/lib/supervisor.ts): a new worker already shares the socket, so keep
   * answering for that long, every response with `Connection: close`, before closing. A client reuses an idle
   * keep-alive connection only within our keep-alive timeout (5 s, announced in Keep-Alive), so by then none
   * is left for a request to race the close on: no client sees a reset.
   */
  async function shutdown(reason: string, code = 0, lingerMs = 0): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    logEvent('info', 'shutting down', { reason, inFlight });
    // A last resort in case flushing or closing hangs: the unit's stop timeout should never be what ends us.
    setTimeout(() => process.exit(code || 1), config.SHUTDOWN_TIMEOUT_MS + lingerMs + 15_000).unref();
    // 1. Stop accepting: the listener closes now; idle keep-alive connections are closed too (after the
    //    linger of a switch: net.Server's own close stops accepting without http's closing of idle ones).
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    if (lingerMs > 0) {
      NetServer.prototype.close.call(server);
      await new Promise((r) => setTimeout(r, lingerMs));
    } else {
      server.close();
    }
    server.closeIdleConnections();
    // 2. Requests in flight finish, up to the deadline.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), config.SHUTDOWN_TIMEOUT_MS)));
    const finished = await Promise.race([closed.then(() => true), deadline]);
    clearTimeout(timer);
    if (!finished) {
      logEvent('warn', 'shutdown deadline reached, closing remaining connections', { inFlight });
      server.closeAllConnections();
    }
    // 3. Everything the ingest accepted is written (SIGTERM loses no beats).
    try {
      await opts.tracking.close();
    } catch (error) {
      logError('tracking flush failed during shutdown', error);
    }
    // 4. Background work (the mail sender finishes the message in hand and releases its lease).
    for (const worker of opts.background ?? []) {
      try {
        await worker.close();
      } catch (error) {
        logError(`${worker.name} failed to stop cleanly`, error);
      }
    }
    // 5. The pages' database connection (the ingest closed its own).
    try {
      const closeDb = (globalThis as { [key: symbol]: unknown })[Symbol.for('jisou.db.close')];
      if (typeof closeDb === 'function') closeDb();
    } catch (error) {
      logError('closing the database failed', error);
    }
    logEvent('info', 'stopped', { reason });
    process.exit(code);
  }

  if (opts.handleSignals === false) return { server, shutdown };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('uncaughtException', (error) => {
    logError('uncaught exception; shutting down', error);
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (reason) => logEvent('error', 'unhandled promise rejection', errorFields(reason)));
  return { server, shutdown };
}
