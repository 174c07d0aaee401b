/** Counters the ingest keeps; /healthz shows them. */
export interface TrackingHealth {
  /** Is an ingest running in this process (the fast path mounted by scripts/start.ts)? */
  running: boolean;
  /** Accepted events waiting for the next batch write. */
  buffered: number;
  /** Accepted events that had to be thrown away because the buffer was full (database locked, disk full). */
  dropped: number;
  /** Events written to the database since start. */
  written: number;
  /** Requests refused (bad payload, unknown key, cross-origin, too large). */
  rejected: number;
  /** Requests refused with 429: their client had spent its tracking budget. */
  limited: number;
  /** Requests from crawlers, ignored. */
  bots: number;
  /** Batch writes that failed (and were retried). */
  flushFailures: number;
  lastFlushAt: string | null;
  lastError: string | null;
}

// The ingest lives in scripts/start.ts while /healthz is rendered inside Astro's bundle, which holds its
// own copy of this module; a process-wide symbol lets both see the same counters.
const REGISTRY = Symbol.for('jisou.tracking.health');
type Registry = { [REGISTRY]?: () => TrackingHealth };

export function registerTrackingHealth(read: () => TrackingHealth): void {
  (globalThis as Registry)[REGISTRY] = read;
}

/** Current tracking counters, or zeros when no ingest runs in this process (e.g. `astro dev`). */
export function getTrackingHealth(): TrackingHealth {
  const read = (globalThis as Registry)[REGISTRY];
  if (read) return read();
  return { running: false, buffered: 0, dropped: 0, written: 0, rejected: 0, limited: 0, bots: 0, flushFailures: 0, lastFlushAt: null, lastError: null };
}
