import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Viewer } from '../../access.ts';
import { TRACK_MAX_BYTES, trackPayload } from '../../../schemas/tracking.ts';
import { isBot } from './bots.ts';
import { BoundedMap } from './clamp.ts';
import type { AcceptResult, Ingest } from './ingest.ts';
import type { TrackPayload } from '../../../schemas/tracking.ts';

export interface TrackHttpOptions {
  ingest: Ingest;
  /** Session cookie → signed-in person (src/lib/server/auth/viewer.ts), null for visitors. */
  resolveViewer: (cookieHeader: string | undefined) => Viewer | null;
  /**
   * With `resolveViewers`: the person behind a cookie when known without a database read (null: nobody),
   * undefined when it must be read; such requests are resolved together with the others of their turn.
   */
  cachedViewer?: (cookieHeader: string | undefined) => Viewer | null | undefined;
  resolveViewers?: (cookieHeaders: (string | undefined)[]) => (Viewer | null)[];
  /** Configured public origin (behind a proxy the Host header may differ). */
  publicOrigin?: string;
  /** TRUST_PROXY: the client address is the first X-Forwarded-For entry (the proxy overwrites it). */
  trustProxy?: boolean;
}

const NO_STORE = ['cache-control', 'no-store'];
const JSON_NO_STORE = ['cache-control', 'no-store', 'content-type', 'application/json; charset=utf-8'];

// Parsing a URL costs more than the rest of a beat's checks, and a site sees few distinct Origin values.
const parsedOrigins = new BoundedMap<string, URL | null>(1000);
function parseOrigin(origin: string): URL | null {
  let url = parsedOrigins.get(origin);
  if (url === undefined) {
    url = URL.canParse(origin) ? new URL(origin) : null;
    parsedOrigins.set(origin, url);
  }
  return url;
}

/** Same-origin check: JSON/beacon POSTs are not covered by Astro's checkOrigin, so the ingest does it. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, publicOrigin?: string): boolean {
  if (!origin || origin === 'null') return false;
  if (publicOrigin && origin === parseOrigin(publicOrigin)?.origin) return true;
  return parseOrigin(origin)?.host === host;
}

/**
 * The fast path for `/api/track` (POST) and `/api/track/resume` (GET), served in front of Astro's
 * handler. Returns false for any other request so the caller hands it on. Every response it sends
 * carries `head` (request id, security headers: [name, value, …] from scripts/lib/serve.ts).
 */
export function createTrackHttp(opts: TrackHttpOptions) {
  const { ingest } = opts;
  /** The address signed-out visitors are budgeted by (see docs/operations.md on TRUST_PROXY). */
  const addressOf = (req: IncomingMessage): string => {
    if (opts.trustProxy) {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim();
      if (forwarded) return forwarded.slice(0, 64);
    }
    return req.socket.remoteAddress ?? '';
  };
  const send = (res: ServerResponse, head: string[], status: number, body?: unknown) => {
    if (status >= 400 && status !== 401 && status !== 429 && status !== 503) ingest.countRejected();
    if (body === undefined) {
      res.writeHead(status, [...head, ...NO_STORE]);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, [...head, ...JSON_NO_STORE]);
    res.end(text);
  };

  function refuseOverBudget(res: ServerResponse, head: string[], wait: number): void {
    ingest.countLimited();
    res.setHeader('retry-after', String(wait));
    send(res, head, 429, { error: `too many tracking events from this client; retry in ${wait} s` });
  }

  function handlePost(req: IncomingMessage, res: ServerResponse, head: string[]): void {
    if (!isSameOrigin(req.headers.origin, req.headers.host, opts.publicOrigin)) {
      req.resume();
      return send(res, head, 403, { error: 'cross-origin request refused' });
    }
    // A client that spent its budget is answered before its body is read (a flood costs little). A session
    // not in the cache is read with the others of its turn, once the body is in (its budget checked then).
    const cookie = req.headers.cookie;
    const viewer = opts.cachedViewer && opts.resolveViewers ? opts.cachedViewer(cookie) : opts.resolveViewer(cookie);
    const address = addressOf(req);
    const wait = viewer === undefined ? 0 : ingest.waitSeconds(viewer, address);
    if (wait > 0) {
      req.resume();
      return refuseOverBudget(res, head, wait);
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > TRACK_MAX_BYTES) {
      res.setHeader('connection', 'close');
      req.resume();
      return send(res, head, 413, { error: `body larger than ${TRACK_MAX_BYTES} bytes` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > TRACK_MAX_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return send(res, head, 413, { error: `body larger than ${TRACK_MAX_BYTES} bytes` });
      let json: unknown;
      try {
        json = JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8'));
      } catch {
        return send(res, head, 400, { error: 'body is not JSON' });
      }
      const parsed = trackPayload.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return send(res, head, 400, { error: `invalid payload at ${first?.path.join('.') || '(root)'}: ${first?.message}` });
      }
      if (isBot(req.headers['user-agent'])) {
        ingest.countBot();
        return send(res, head, 204);
      }
      waiting.push({ payload: parsed.data, viewer, cookie, address, res, head });
      if (waiting.length === 1) setImmediate(acceptWaiting);
    });
  }

  // Bodies read in one turn of the event loop are accepted together, so the page views they need from the
  // database are read in one statement (a round trip each would block this thread on PostgreSQL).
  let waiting: { payload: TrackPayload; viewer: Viewer | null | undefined; cookie: string | undefined; address: string; res: ServerResponse; head: string[] }[] = [];
  function acceptWaiting(): void {
    let batch = waiting;
    waiting = [];
    const now = Date.now();
    let results: AcceptResult[];
    try {
      const unknown = batch.filter((w) => w.viewer === undefined);
      if (unknown.length) {
        const viewers = opts.resolveViewers!(unknown.map((w) => w.cookie));
        unknown.forEach((w, i) => (w.viewer = viewers[i]!));
        const read = new Set(unknown);
        batch = batch.filter((w) => {
          if (!read.has(w)) return true;
          const wait = ingest.waitSeconds(w.viewer!, w.address);
          if (wait > 0) refuseOverBudget(w.res, w.head, wait);
          return wait === 0;
        });
      }
      results = ingest.acceptAll(batch.map((w) => ({ payload: w.payload, viewer: w.viewer!, now, address: w.address })));
    } catch {
      // The page views could not be read (the database is unreachable): nothing was taken, the client retries.
      for (const { res, head } of batch) {
        res.setHeader('retry-after', '5');
        send(res, head, 503, { error: 'tracking is paused: the database cannot be read right now' });
      }
      return;
    }
    batch.forEach(({ res, head }, i) => {
      const result = results[i]!;
      if (result.status === 204) return send(res, head, 204);
      if (result.status === 503) res.setHeader('retry-after', '5');
      if (result.status === 429) res.setHeader('retry-after', String(result.retryAfter));
      return send(res, head, result.status, { error: result.error });
    });
  }

  function handleResume(req: IncomingMessage, res: ServerResponse, head: string[], url: URL): void {
    const viewer = opts.resolveViewer(req.headers.cookie);
    if (!viewer) return send(res, head, 401, { error: 'sign in to keep your place' });
    const key = url.searchParams.get('key') ?? '';
    const point = ingest.resumePoint(viewer.userId, key);
    return send(res, head, 200, point ?? { position: null });
  }

  return function handle(req: IncomingMessage, res: ServerResponse, head: string[]): boolean {
    const url = req.url ?? '';
    if (url === '/api/track') {
      if (req.method === 'POST') {
        handlePost(req, res, head);
        return true;
      }
      res.setHeader('allow', 'POST');
      send(res, head, 405, { error: 'use POST' });
      return true;
    }
    if (url.startsWith('/api/track/resume?') && req.method === 'GET') {
      handleResume(req, res, head, new URL(url, 'http://local'));
      return true;
    }
    return false;
  };
}
