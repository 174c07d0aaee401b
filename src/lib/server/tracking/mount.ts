import { resolve as resolvePath } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openDatabase } from '../../../../db/client.ts';
import type { Config } from '../../../schemas/config.ts';
import { getSessionCookieName, onSessionsRevoked } from '../auth/session.ts';
import { sessionEpochReader } from '../auth/session-epoch.ts';
import { isWellFormedToken } from '../auth/tokens.ts';
import { readCookie, resolveSessionViewer, resolveSessionViewers } from '../auth/viewer.ts';
import type { Viewer } from '../../access.ts';
import { BoundedMap } from './clamp.ts';
import { loadContentIndex } from './content-index.ts';
import { createTrackHttp } from './http.ts';
import { createIngest } from './ingest.ts';
import { createWorkerSink } from './writer.ts';
import { databaseLocation } from '../config.ts';

/**
 * How long the ingest reuses a session lookup for the same Cookie header. Each open tab beats every 15 s;
 * re-hashing the token and joining session, person and account for every beat is most of the ingest's
 * cost, so the reuse outlives one heartbeat interval. Sessions ended in this process (logout, a person
 * disabled or moved in the admin pages) are dropped from it at once; ended by another process (another
 * app instance, the `npm run accounts` CLI) the session epoch in the database tells within
 * EPOCH_CHECK_MS (the whole cache is dropped then: sign-outs are rare beside beats). A person moved to
 * another account by another process is credited to the old one for at most VIEWER_CACHE_MS. Pages and
 * other APIs check the session on every request.
 */
const VIEWER_CACHE_MS = 30_000;
/**
 * How often the ingest looks at the session epoch. Not on every beat: a read on the request connection
 * right after the writer thread committed finds its page cache invalidated, and once per beat that cost
 * the ingest most of its throughput in bench:ingest (see docs/operations.md, Scale-out).
 */
const EPOCH_CHECK_MS = 250;

type Resolved = { viewer: Viewer; sessionId: string } | null;

function cacheViewers(resolve: (cookie: string) => Resolved, readEpoch: () => string, resolveMany: (tokens: string[]) => Map<string, Resolved>) {
  const cache = new BoundedMap<string, { resolved: Resolved; at: number }>(50_000);
  let epoch = readEpoch();
  let epochCheckedAt = Date.now();
  const stopListening = onSessionsRevoked((r) => {
    for (const [token, { resolved }] of cache) {
      if (!resolved) continue;
      if ('sessionId' in r ? resolved.sessionId === r.sessionId : resolved.viewer.userId === r.userId) cache.delete(token);
    }
  });
  const checkEpoch = (now: number) => {
    if (now - epochCheckedAt >= EPOCH_CHECK_MS) {
      epochCheckedAt = now;
      const current = readEpoch();
      if (current !== epoch) {
        cache.clear();
        epoch = current;
      }
    }
  };
  // Keyed by the session token alone, never the whole header: a flood of requests with ever new, large
  // Cookie headers would otherwise fill the cache with their bytes. No well-formed token, no session.
  const tokenOf = (cookie: string | undefined) => {
    const token = readCookie(cookie, getSessionCookieName());
    return token && isWellFormedToken(token) ? token : null;
  };
  /** The person behind a token if known without reading the database: null for none, undefined when it must be read. */
  const cachedFor = (token: string | null): Viewer | null | undefined => {
    if (!token) return null;
    const now = Date.now();
    checkEpoch(now);
    const hit = cache.get(token);
    return hit && now - hit.at < VIEWER_CACHE_MS ? (hit.resolved?.viewer ?? null) : undefined;
  };
  const cached = (cookie: string | undefined) => cachedFor(tokenOf(cookie));
  const lookup = (cookie: string | undefined): Viewer | null => {
    const token = tokenOf(cookie);
    const known = cachedFor(token);
    if (known !== undefined) return known;
    const resolved = resolve(cookie!);
    cache.set(token!, { resolved, at: Date.now() });
    return resolved?.viewer ?? null;
  };
  /** `lookup` for the cookies of the requests that arrived together: the unknown ones read in one statement. */
  const lookupMany = (cookies: (string | undefined)[]): (Viewer | null)[] => {
    const tokens = cookies.map(tokenOf);
    const known = tokens.map(cachedFor);
    const missing = [...new Set(tokens.filter((t, i) => known[i] === undefined) as string[])];
    if (missing.length) {
      const now = Date.now();
      for (const [token, resolved] of resolveMany(missing)) cache.set(token, { resolved, at: now });
    }
    return tokens.map((t, i) => (known[i] !== undefined ? known[i]! : (cache.get(t!)?.resolved?.viewer ?? null)));
  };
  return { lookup, cached, lookupMany, stopListening };
}

/**
 * Start the tracking ingest for scripts/start.ts: its own database connection (short busy timeout, so a
 * locked database delays serving by at most a moment and the batch is retried), the content keys read
 * from content/, and an HTTP handler to put in front of Astro's.
 */
export async function mountTracking(root: string, config: Config) {
  const db = openDatabase(databaseLocation(config), root);
  db.$client.pragma('busy_timeout = 250');
  const index = loadContentIndex(root);
  const sink = await createWorkerSink({
    databasePath: config.DATABASE_URL || resolvePath(root, config.DATABASE_PATH),
    root,
    timeZone: config.JISOU_TIMEZONE,
    engagedMs: config.JISOU_ENGAGED_SECONDS * 1000,
    engagedVideoPercent: config.JISOU_ENGAGED_VIDEO_PERCENT,
    index: [...index],
    busyTimeoutMs: 1000,
  });
  const ingest = createIngest({
    db: db.$client,
    sink,
    index,
    flushMs: config.JISOU_TRACK_FLUSH_MS,
    batchRows: config.JISOU_TRACK_BATCH_ROWS,
    bufferMax: config.JISOU_TRACK_BUFFER_MAX,
    retentionDays: config.JISOU_TRACK_RETENTION_DAYS,
    personRowsPerMinute: config.JISOU_TRACK_PERSON_ROWS_PER_MINUTE || Infinity,
    visitorRowsPerMinute: config.JISOU_TRACK_VISITOR_ROWS_PER_MINUTE || Infinity,
  });
  const viewers = cacheViewers((cookie) => resolveSessionViewer(cookie), sessionEpochReader(db), (tokens) => resolveSessionViewers(tokens));
  const handle: (req: IncomingMessage, res: ServerResponse, head: string[]) => boolean = createTrackHttp({
    ingest,
    resolveViewer: viewers.lookup,
    cachedViewer: viewers.cached,
    resolveViewers: viewers.lookupMany,
    publicOrigin: config.PUBLIC_ORIGIN,
    trustProxy: ['true', '1'].includes(config.TRUST_PROXY),
  });
  return {
    handle,
    ingest,
    /** Write everything buffered and close the connection (call before the process exits). */
    async close(): Promise<void> {
      viewers.stopListening();
      const ok = await ingest.close();
      if (!ok) console.error(`[tracking] ${ingest.health().buffered} event(s) could not be written before exit`);
      db.$client.close();
    },
  };
}
