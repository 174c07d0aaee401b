import type Database from 'better-sqlite3';
import { canView, type Viewer } from '../../access.ts';
import type { TrackPayload } from '../../../schemas/tracking.ts';
import { BoundedMap, clampActive, clampVideo, newViewState, type ViewState } from './clamp.ts';
import type { ContentIndex } from './content-index.ts';
import { registerTrackingHealth, type TrackingHealth } from './health.ts';
import { pruneTrackingEvents } from './retention.ts';
import type { AcceptedEvent } from './store.ts';
import type { BatchSink } from './writer.ts';

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
  log?: (message: string) => void;
}

export type AcceptResult = { status: 204 } | { status: 403 | 409 | 422 | 503; error: string };

const STATE_LIMIT = 200_000;
const HOUR_MS = 3_600_000;

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
  const readResume = opts.db.prepare(`SELECT position, duration, covered_seconds AS covered FROM tracking_progress WHERE user_id = ? AND content_key = ?`);
  const views = new BoundedMap<string, ViewState>(STATE_LIMIT);
  const persons = new BoundedMap<string, number>(STATE_LIMIT);
  const pendingPositions = new BoundedMap<string, number>(STATE_LIMIT);
  let dirty = new Map<string, ViewState>();
  let buffer: AcceptedEvent[] = [];
  const health: TrackingHealth = { running: true, buffered: 0, dropped: 0, written: 0, rejected: 0, bots: 0, flushFailures: 0, lastFlushAt: null, lastError: null };
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
    if (buffer.length >= opts.batchRows) scheduleFlush();
  }

  function viewFor(viewId: string, key: string, viewer: Viewer | null, now: number): { view: ViewState; fresh: boolean } | null {
    const userId = viewer?.userId ?? '';
    const accountId = viewer?.accountId ?? '';
    let view = views.get(viewId);
    if (!view) {
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

  /** Check and record one validated payload for this viewer (null = anonymous visitor). */
  function accept(p: TrackPayload, viewer: Viewer | null, now = Date.now()): AcceptResult {
    const unknown = (k: string): AcceptResult => ({ status: 422, error: `unknown content key "${k}"` });
    if (p.key && !opts.index.has(p.key)) return unknown(p.key);
    for (const e of p.events) if (e.t === 'imp') for (const k of e.keys) if (!opts.index.has(k)) return unknown(k);
    if (p.key && !canView(viewer, opts.index.get(p.key)!.audience)) return { status: 403, error: `no access to "${p.key}"` };
    // A public page may link to gated items; seeing a link to something you can't open is no awareness.
    const visible = (k: string) => canView(viewer, opts.index.get(k)!.audience);
    const pageEvents = p.events.some((e) => e.t !== 'imp');
    if (pageEvents && !p.key) return { status: 422, error: 'page events need the page "key"' };
    // Full buffer (the database has refused writes for a while): say so, so the client may retry later,
    // instead of answering 204 for events that would be thrown away. They are counted as dropped.
    if (buffer.length >= opts.bufferMax) {
      countDropped(p.events.length);
      return { status: 503, error: 'tracking is paused: the database cannot be written right now' };
    }
    const userId = viewer?.userId ?? '';
    const accountId = viewer?.accountId ?? '';
    const base = { at: now, viewId: p.view, userId, accountId };
    let state: ReturnType<typeof viewFor> = null;
    if (p.key) {
      state = viewFor(p.view, p.key, viewer, now);
      if (!state) return { status: 409, error: 'this page-view id belongs to another page or person' };
    }
    const view = state?.view;
    let newView = state?.fresh ?? false;
    for (const e of p.events) {
      if (e.t === 'imp') {
        for (const k of new Set(e.keys)) if (visible(k)) enqueue({ ...base, kind: 'imp', key: k, claimedMs: 0, creditMs: 0 });
        continue;
      }
      if (!view) continue;
      view.lastAt = now;
      if (e.t === 'view') {
        if (newView) enqueue({ ...base, kind: 'view', key: view.contentKey, claimedMs: 0, creditMs: 0, newView });
        newView = false;
      } else if (e.t === 'beat') {
        const credit = clampActive(view, persons, e.ms, now);
        view.maxDepth = Math.max(view.maxDepth, e.depth ?? 0);
        const completedNow = Boolean(e.end) && !view.completed && view.activeMs > 0;
        if (completedNow) view.completed = true;
        enqueue({ ...base, kind: 'beat', key: view.contentKey, claimedMs: e.ms, creditMs: credit, depth: e.depth, completedNow, newView });
        newView = false;
      } else {
        const credit = clampVideo(view, e.ms, now);
        if (userId) pendingPositions.set(`${userId}\u0000${view.contentKey}`, e.pos);
        enqueue({ ...base, kind: 'video', key: view.contentKey, claimedMs: e.ms, creditMs: credit, pos: e.pos, dur: e.dur, ranges: e.ranges, newView });
        newView = false;
      }
      dirty.set(view.viewId, view);
    }
    return { status: 204 };
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
    inflight = opts.sink.write(batch, views).then(
      () => {
        inflight = null;
        buffer = buffer.slice(batch.length);
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

  const timer = setInterval(() => {
    void flush();
    pruneIfDue();
  }, opts.flushMs);
  timer.unref();
  registerTrackingHealth(() => ({ ...health, buffered: buffer.length }));

  return {
    accept,
    flush,
    resumePoint,
    health: () => ({ ...health, buffered: buffer.length }),
    countRejected: () => void health.rejected++,
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
