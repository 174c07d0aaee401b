/**
 * Credit clamping. Every page view and every person has a cursor: the wall-clock instant up to which
 * time has already been credited. A beat claiming `claimMs` at server time `now` can only earn the part
 * of [now - claimMs, now] after both cursors, so replaying beats, sending them in bursts, or keeping
 * parallel tabs busy can never earn more than the time that really passed.
 */

/** Clamp state of one page view (also persisted in tracking_views so it survives a restart). */
export interface ViewState {
  viewId: string;
  contentKey: string;
  userId: string;
  accountId: string;
  startedAt: number;
  creditedUntil: number;
  videoUntil: number;
  activeMs: number;
  maxDepth: number;
  completed: boolean;
  lastAt: number;
}

export function newViewState(viewId: string, contentKey: string, userId: string, accountId: string, now: number): ViewState {
  return { viewId, contentKey, userId, accountId, startedAt: now, creditedUntil: now, videoUntil: now, activeMs: 0, maxDepth: 0, completed: false, lastAt: now };
}

/** Credit of an active-time beat; advances the view's and the person's cursors. */
export function clampActive(view: ViewState, persons: Map<string, number>, claimMs: number, now: number): number {
  const personUntil = view.userId ? (persons.get(view.userId) ?? 0) : 0;
  const start = Math.max(now - claimMs, view.creditedUntil, personUntil);
  const credit = Math.max(0, now - start);
  view.creditedUntil = Math.max(view.creditedUntil, now);
  if (view.userId) persons.set(view.userId, Math.max(personUntil, now));
  view.activeMs += credit;
  return credit;
}

/** Credit of played video time: per view, on its own cursor (playing overlaps with reading time). */
export function clampVideo(view: ViewState, claimMs: number, now: number): number {
  const start = Math.max(now - claimMs, view.videoUntil);
  const credit = Math.max(0, now - start);
  view.videoUntil = Math.max(view.videoUntil, now);
  return credit;
}

/**
 * Bounded map: insertion-ordered, the oldest entries go when it is full. Keeps clamp state of idle
 * views from growing without limit; an evicted view is reloaded from the database on its next beat.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly limit: number;
  constructor(limit: number) {
    super();
    this.limit = limit;
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
