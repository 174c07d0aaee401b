import type Database from 'better-sqlite3';
import { canView, type Viewer } from '../../access.ts';
import { TRACK_MAX_CLAIM_MS, TRACK_MAX_IMPRESSIONS, type TrackPayload } from '../../../schemas/tracking.ts';
import { ClientBudget } from '../limits/client-budget.ts';
import { BoundedMap, clampActive, clampVideo, newViewState, pruneClocks, type PersonClocks, type ViewState } from './clamp.ts';
import type { ContentIndex } from './content-index.ts';
import { registerTrackingHealth, type TrackingHealth } from './health.ts';
import { mergeRanges, type Ranges } from './ranges.ts';
import { pruneTrackingEvents } from './retention.ts';
import type { AcceptedEvent } from './store.ts';
import type { BatchSink } from './writer.ts';
import type { BudgetSpend } from './budget-sync.ts';
import { readerByIds } from './reclamp-batch.ts';

export interface IngestOptions {
  /** Connection for reads on the request path (page-view cursors, resume points). */
  db: Database.Database;
  /** Where batches are written (a worker thread in the server). */
  sink: BatchSink;
  index: ContentIndex;
  flushMs: number;
  batchRows: number;
  bufferMax: number;
  retentionDays: number;
  /** Rows a minute one signed-in person may add, all their tabs and sessions together. Default: no limit. */
  personRowsPerMinute?: number;
  /** Rows a minute signed-out visitors from one address may add together. Default: no limit. */
  visitorRowsPerMinute?: number;
  log?: (message: string) => void;
}

export type AcceptResult = { status: 204 } | { status: 403 | 409 | 422 | 503; error: string } | { status: 429; error: string; retryAfter: number };

const STATE_LIMIT = 200_000;
const HOUR_MS = 3_600_000;
/** Page views and impression sets idle this long leave memory (a view coming back is reloaded from the database). */
const IDLE_STATE_MS = 30 * 60_000;
/** Most rows one request can write: a view, a beat, a video event and its impressions. */
export const TRACK_MAX_ROWS_PER_REQUEST = 3 + TRACK_MAX_IMPRESSIONS;

/** A client's budget: `perMinute` rows a minute, in bursts of a quarter of that (at least one full request). */
export function rowBudget(perMinute = Infinity): ClientBudget {
  return new ClientBudget(perMinute, Math.max(perMinute / 4, TRACK_MAX_ROWS_PER_REQUEST));
}

/**
 * The tracking ingest: validates what a request may touch, clamps credit, buffers accepted events and
 * writes them in batches (every `flushMs` or every `batchRows` events). The buffer is bounded; while
 * the database can't be written it keeps the newest events it can hold and counts the rest as dropped.
 */
export function createIngest(opts: IngestOptions) {
  const log = opts.log ?? ((m: string) => console.error(m));
  const loadView = opts.db.prepare(
    `SELECT view_id AS viewId, content_key AS contentKey, user_id AS userId, account_id AS accountId, started_at AS startedAt,
       credited_until AS creditedUntil, video_until AS videoUntil, active_ms AS activeMs, max_depth AS maxDepth,
       completed, last_at AS lastAt FROM tracking_views WHERE view_id = ?`,
  );
  // The page views of many requests at once (acceptAll): on PostgreSQL a lookup is a round trip that blocks
  // the request thread, so requests that arrived together share one.
  const readViews = readerByIds<Omit<ViewState, 'completed'> & { completed: number }>(
    opts.db,
    (marks) => `SELECT view_id AS viewId, content_key AS contentKey, user_id AS userId, account_id AS accountId, started_at AS startedAt,
       credited_until AS creditedUntil, video_until AS videoUntil, active_ms AS activeMs, max_depth AS maxDepth,
       completed, last_at AS lastAt FROM tracking_views WHERE view_id IN (${marks})`,
  );
  /** Page-view ids just looked up and not found (during one acceptAll only: another instance may write them later). */
  const notStored = new Set<string>();
  const readResume = opts.db.prepare(`SELECT position, duration, covered_seconds AS covered FROM tracking_progress WHERE user_id = ? AND content_key = ?`);
  const views = new BoundedMap<string, ViewState>(STATE_LIMIT);
  // Not bounded by count: a clock leaves only once it can no longer bound a claim (pruneState), since
  // forgetting a live one would let that person's parallel views earn the same stretch twice.
  const persons: PersonClocks = new Map();
  // The newest instant credited before this process started: people first seen now start from it, so
  // views reloaded after a restart can't earn a stretch their person was already credited for.
  const lastCredited = (opts.db.prepare(`SELECT at FROM tracking_events ORDER BY id DESC LIMIT 1`).get() as { at: number } | undefined)?.at ?? 0;
  const personFloor = Math.min(lastCredited, Date.now());
  const seenImpressions = new BoundedMap<string, { at: number; keys: Set<string> }>(STATE_LIMIT / 4);
  const personBudget = rowBudget(opts.personRowsPerMinute);
  const visitorBudget = rowBudget(opts.visitorRowsPerMinute);
  let anonymousBuffered = 0;
  const pendingPositions = new BoundedMap<string, number>(STATE_LIMIT);
  let dirty = new Map<string, ViewState>();
  let buffer: AcceptedEvent[] = [];
  const health: TrackingHealth = { running: true, buffered: 0, dropped: 0, written: 0, rejected: 0, limited: 0, bots: 0, flushFailures: 0, lastFlushAt: null, lastError: null };
  let lastDropLog = 0;
  let droppedSinceLog = 0;
  let flushScheduled = false;
  let inflight: Promise<boolean> | null = null;
  let lastPrune = 0;

  function countDropped(n: number): void {
    health.dropped += n;
    droppedSinceLog += n;
    const now = Date.now();
    if (now - lastDropLog > 5000) {
      log(`[tracking] buffer full (${buffer.length} events, database not writable: ${health.lastError ?? 'unknown'}); dropped ${droppedSinceLog} event(s)`);
      lastDropLog = now;
      droppedSinceLog = 0;
    }
  }

  function enqueue(e: AcceptedEvent): void {
    if (buffer.length >= opts.bufferMax) {
      countDropped(1);
      return;
    }
    buffer.push(e);
    if (!e.userId) anonymousBuffered++;
    if (buffer.length >= opts.batchRows) scheduleFlush();
  }

  function viewFor(viewId: string, key: string, viewer: Viewer | null, now: number): { view: ViewState; fresh: boolean } | null {
    const userId = viewer?.userId ?? '';
    const accountId = viewer?.accountId ?? '';
    let view = views.get(viewId);
    if (!view && !notStored.has(viewId)) {
      const row = loadView.get(viewId) as (Omit<ViewState, 'completed'> & { completed: number }) | undefined;
      if (row) view = { ...row, completed: Boolean(row.completed) };
    }
    if (view) {
      // A page-view id belongs to one person and one page; anything else is a replay or a forgery.
      if (view.userId !== userId || view.contentKey !== key) return null;
      views.set(viewId, view);
      return { view, fresh: false };
    }
    view = newViewState(viewId, key, userId, accountId, now);
    views.set(viewId, view);
    return { view, fresh: true };
  }

  /** The client a request is charged to: the signed-in person (all their tabs and sessions), else the visitor's address. */
  const clientOf = (viewer: Viewer | null, address: string) => (viewer ? `u:${viewer.userId}` : `ip:${address}`);
  const budgetOf = (viewer: Viewer | null) => (viewer ? personBudget : visitorBudget);

  /** Seconds this client must wait before any request is worth reading (its budget is spent), else 0. */
  function waitSeconds(viewer: Viewer | null, address = '', now = Date.now()): number {
    return budgetOf(viewer).waitSeconds(clientOf(viewer, address), 1, now);
  }

  /**
   * Check and record one validated payload for this viewer (null = anonymous visitor) sent from
   * `address` (the client's IP; it only matters for visitors). A request writes at most one row per
   * kind of page event (beats and video of one request are coalesced: they share one `now`, so later
   * ones could only earn zero) plus one per impression not yet counted for this page view, and is
   * charged that many rows (at least one) against its client's budget; over budget it is refused
   * whole (429) and changes nothing.
   */
  function accept(p: TrackPayload, viewer: Viewer | null, now = Date.now(), address = ''): AcceptResult {
    const unknown = (k: string): AcceptResult => ({ status: 422, error: `unknown content key "${k}"` });
    if (p.key && !opts.index.has(p.key)) return unknown(p.key);
    for (const e of p.events) if (e.t === 'imp') for (const k of e.keys) if (!opts.index.has(k)) return unknown(k);
    if (p.key && !canView(viewer, opts.index.get(p.key)!.audience)) return { status: 403, error: `no access to "${p.key}"` };
    // A public page may link to gated items; seeing a link to something you can't open is no awareness.
    const visible = (k: string) => canView(viewer, opts.index.get(k)!.audience);
    let viewEvent = false;
    // (Casts: assigned inside the loop, which TypeScript's narrowing of a `null` initialiser misses.)
    let beat = null as { ms: number; depth?: number; end: boolean } | null;
    let video = null as { ms: number; pos: number; dur: number; ranges: Ranges } | null;
    const impressions = new Set<string>();
    for (const e of p.events) {
      if (e.t === 'imp') for (const k of e.keys) impressions.add(k);
      else if (e.t === 'view') viewEvent = true;
      else if (e.t === 'beat') {
        const depth: number | undefined = e.depth === undefined ? beat?.depth : Math.max(e.depth, beat?.depth ?? 0);
        beat = { ms: Math.max(e.ms, beat?.ms ?? 0), depth, end: Boolean(e.end) || (beat?.end ?? false) };
      } else video = { ms: Math.max(e.ms, video?.ms ?? 0), pos: e.pos, dur: e.dur, ranges: video ? mergeRanges(video.ranges, e.ranges) : e.ranges };
    }
    if ((viewEvent || beat || video) && !p.key) return { status: 422, error: 'page events need the page "key"' };
    // Only a webinar's own player is measured; anything else claiming video time is a forgery.
    if (video && opts.index.get(p.key!)!.type !== 'webinar') return { status: 422, error: `video events are accepted only on webinars ("${p.key}" is not one)` };
    // Full buffer (the database has refused writes for a while): say so, so the client may retry later,
    // instead of answering 204 for events that would be thrown away. They are counted as dropped.
    if (buffer.length >= opts.bufferMax) {
      countDropped(p.events.length);
      return { status: 503, error: 'tracking is paused: the database cannot be written right now' };
    }
    const userId = viewer?.userId ?? '';
    const accountId = viewer?.accountId ?? '';
    let state: ReturnType<typeof viewFor> = null;
    if (p.key) {
      state = viewFor(p.view, p.key, viewer, now);
      if (!state) return { status: 409, error: 'this page-view id belongs to another page or person' };
    }
    const seen = seenImpressions.get(p.view);
    const newImpressions = [...impressions].filter((k) => visible(k) && !seen?.keys.has(k));
    const rows = (viewEvent && state?.fresh ? 1 : 0) + (beat ? 1 : 0) + (video ? 1 : 0) + newImpressions.length;
    const refuse = (result: AcceptResult): AcceptResult => {
      if (state?.fresh) views.delete(p.view);
      return result;
    };
    // Signed-out visitors may hold at most half of the buffer: a flood from many addresses while the
    // database is slow can't crowd out signed-in readers.
    if (!userId && anonymousBuffered + rows > opts.bufferMax / 2) {
      countDropped(rows);
      return refuse({ status: 503, error: 'tracking of signed-out visitors is paused: the buffer is half full' });
    }
    const wait = budgetOf(viewer).take(clientOf(viewer, address), Math.max(1, rows), now);
    if (wait > 0) {
      health.limited++;
      return refuse({ status: 429, error: `too many tracking events from this client; retry in ${wait} s`, retryAfter: wait });
    }

    const base = { at: now, viewId: p.view, userId, accountId };
    if (newImpressions.length) {
      const entry = seen ?? { at: now, keys: new Set<string>() };
      entry.at = now;
      for (const k of newImpressions) {
        entry.keys.add(k);
        enqueue({ ...base, kind: 'imp', key: k, claimedMs: 0, creditMs: 0 });
      }
      if (!seen) seenImpressions.set(p.view, entry);
    }
    const view = state?.view;
    if (!view || !(viewEvent || beat || video)) return { status: 204 };
    let newView = state!.fresh;
    view.lastAt = now;
    if (viewEvent && newView) {
      enqueue({ ...base, kind: 'view', key: view.contentKey, claimedMs: 0, creditMs: 0, newView });
      newView = false;
    }
    if (beat) {
      const credit = clampActive(view, persons, beat.ms, now, personFloor);
      view.maxDepth = Math.max(view.maxDepth, beat.depth ?? 0);
      const completedNow = beat.end && !view.completed && view.activeMs > 0;
      if (completedNow) view.completed = true;
      enqueue({ ...base, kind: 'beat', key: view.contentKey, claimedMs: beat.ms, creditMs: credit, depth: beat.depth, completedNow, newView });
      newView = false;
    }
    if (video) {
      const credit = clampVideo(view, persons, video.ms, now, personFloor);
      if (userId) pendingPositions.set(`${userId}\u0000${view.contentKey}`, video.pos);
      enqueue({ ...base, kind: 'video', key: view.contentKey, claimedMs: video.ms, creditMs: credit, pos: video.pos, dur: video.dur, ranges: video.ranges, newView });
    }
    dirty.set(view.viewId, view);
    return { status: 204 };
  }

  /**
   * `accept` for the requests that arrived together (one turn of the event loop): the page views none of
   * them has in memory are read in one statement first, then each is accepted in order as by `accept`.
   */
  function acceptAll(requests: { payload: TrackPayload; viewer: Viewer | null; now: number; address: string }[]): AcceptResult[] {
    const missing = new Set<string>();
    for (const r of requests) if (r.payload.key && !views.has(r.payload.view)) missing.add(r.payload.view);
    if (missing.size > 1) {
      for (const id of missing) notStored.add(id);
      for (const row of readViews([...missing])) {
        notStored.delete(row.viewId);
        views.set(row.viewId, { ...row, completed: Boolean(row.completed) });
      }
    }
    try {
      return requests.map((r) => accept(r.payload, r.viewer, r.now, r.address));
    } finally {
      notStored.clear();
    }
  }

  /** Forget in-memory state nobody can use any more (idle page views are reloaded from the database if they come back). */
  function pruneState(now: number): void {
    pruneClocks(persons, now, TRACK_MAX_CLAIM_MS);
    for (const [id, v] of views) if (v.lastAt < now - IDLE_STATE_MS && !dirty.has(id)) views.delete(id);
    for (const [id, s] of seenImpressions) if (s.at < now - IDLE_STATE_MS) seenImpressions.delete(id);
  }

  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      void flush();
    });
  };

  /**
   * Hand the oldest buffered events (a few batches at most, so a backlog never makes one huge write) to
   * the sink. They leave the buffer only once written; on failure they stay and are retried.
   */
  function flush(maxEvents = opts.batchRows * 5): Promise<boolean> {
    if (inflight) return inflight;
    if (buffer.length === 0 && dirty.size === 0) return Promise.resolve(true);
    const batch = buffer.slice(0, maxEvents);
    const views = [...dirty.values()];
    dirty = new Map();
    const spentByPeople = personBudget.drainSpent();
    const spentByVisitors = visitorBudget.drainSpent();
    const spends: BudgetSpend[] = [];
    for (const [budget, spent] of [[personBudget, spentByPeople], [visitorBudget, spentByVisitors]] as const) {
      for (const [key, units] of spent) spends.push([key, units, budget.perMinute, budget.capacity]);
    }
    inflight = opts.sink.write(batch, views, spends).then(
      (levels) => {
        for (const [key, tokens, at] of levels) (key.startsWith('u:') ? personBudget : visitorBudget).settle(key, tokens, at);
        inflight = null;
        buffer = buffer.slice(batch.length);
        for (const e of batch) if (!e.userId) anonymousBuffered--;
        for (const e of batch) if (e.kind === 'video' && e.userId) pendingPositions.delete(`${e.userId}\u0000${e.key}`);
        health.written += batch.length;
        health.lastFlushAt = new Date().toISOString();
        health.lastError = null;
        if (buffer.length >= opts.batchRows) scheduleFlush();
        return true;
      },
      (error: Error & { code?: string }) => {
        inflight = null;
        for (const v of views) if (!dirty.has(v.viewId)) dirty.set(v.viewId, v);
        personBudget.restoreSpent(spentByPeople);
        visitorBudget.restoreSpent(spentByVisitors);
        health.flushFailures++;
        const message = `${error.code ?? 'ERROR'}: ${error.message}`;
        if (health.lastError !== message || health.flushFailures % 50 === 1) log(`[tracking] batch write failed (${message}); ${buffer.length} event(s) kept for retry`);
        health.lastError = message;
        return false;
      },
    );
    return inflight;
  }

  /** Where this person should resume a video: the newest position, even if not written yet. */
  function resumePoint(userId: string, key: string): { position: number; duration: number | null; covered: number } | null {
    const row = readResume.get(userId, key) as { position: number | null; duration: number | null; covered: number } | undefined;
    const pending = pendingPositions.get(`${userId}\u0000${key}`);
    const position = pending ?? row?.position ?? null;
    if (position === null) return null;
    return { position, duration: row?.duration ?? null, covered: row?.covered ?? 0 };
  }

  function pruneIfDue(now = Date.now()): void {
    if (now - lastPrune < HOUR_MS) return;
    lastPrune = now;
    try {
      const n = pruneTrackingEvents(opts.db, opts.retentionDays, now);
      if (n) log(`[tracking] retention: deleted ${n} raw event(s) older than ${opts.retentionDays} days`);
    } catch (error) {
      log(`[tracking] retention failed: ${(error as Error).message}`);
    }
  }

  let lastStatePrune = Date.now();
  const timer = setInterval(() => {
    void flush();
    pruneIfDue();
    const now = Date.now();
    if (now - lastStatePrune >= 60_000) {
      lastStatePrune = now;
      pruneState(now);
    }
  }, opts.flushMs);
  timer.unref();
  registerTrackingHealth(() => ({ ...health, buffered: buffer.length }));

  return {
    accept,
    acceptAll,
    waitSeconds,
    flush,
    resumePoint,
    health: () => ({ ...health, buffered: buffer.length }),
    countRejected: () => void health.rejected++,
    countLimited: () => void health.limited++,
    countBot: () => void health.bots++,
    /** Stop the timer and write everything still buffered; false when the database refused it. */
    async close(): Promise<boolean> {
      clearInterval(timer);
      let ok = true;
      while (buffer.length > 0 || dirty.size > 0 || inflight) {
        if (!(await flush())) {
          ok = false;
          break;
        }
      }
      health.running = false;
      await opts.sink.close();
      return ok;
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
