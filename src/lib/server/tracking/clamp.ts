/**
 * Credit clamping. Every page view and every person has a cursor: the wall-clock instant up to which
 * time has already been credited. A beat claiming `claimMs` at server time `now` can only earn the part
 * of [now - claimMs, now] after both cursors, so replaying beats, sending them in bursts, or keeping
 * parallel tabs busy can never earn more than the time that really passed.
 *
 * Reading and video share one budget per person: the person's clock is one wall clock for everything
 * they view (DESIGN.md: "for reading *and* video, however many tabs, items, page views or clients").
 * The one overlap allowed is inside a single page view: a playing webinar also counts as active time on
 * that page, and the KPIs take the larger of the two per item (`max(active_ms, video_ms)`), so one view
 * may be credited reading and video for the same stretch. Two views (tabs, items, devices) never can.
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

/**
 * A person's wall clock: credited up to `until`; the newest credited stretch belongs to page view
 * `view` and began after `before` (what was credited before that view took over). The same view may
 * credit its other kind (reading or video) back to `before`; any other view only after `until`.
 */
export interface PersonClock {
  until: number;
  view: string;
  before: number;
}

/** Person clocks by user id. */
export type PersonClocks = Map<string, PersonClock>;

export function newViewState(viewId: string, contentKey: string, userId: string, accountId: string, now: number): ViewState {
  return { viewId, contentKey, userId, accountId, startedAt: now, creditedUntil: now, videoUntil: now, activeMs: 0, maxDepth: 0, completed: false, lastAt: now };
}

/**
 * Credit of [now - claimMs, now] after the view's own cursor `viewUntil` and the person's clock;
 * advances the person's clock (signed-in people only: anonymous visitors have no person to clamp).
 * `floor` is the person's clock when none is known yet (see createIngest: the newest instant credited
 * before this process started, so a restart cannot hand out a stretch twice).
 */
function creditPerson(view: ViewState, viewUntil: number, persons: PersonClocks, claimMs: number, now: number, floor: number): number {
  if (!view.userId) return Math.max(0, now - Math.max(now - claimMs, viewUntil));
  const clock = persons.get(view.userId);
  const personBound = !clock ? floor : clock.view === view.viewId ? clock.before : clock.until;
  const start = Math.max(now - claimMs, viewUntil, personBound);
  const credit = Math.max(0, now - start);
  if (credit > 0) {
    if (!clock) persons.set(view.userId, { until: now, view: view.viewId, before: floor });
    else {
      if (clock.view !== view.viewId) {
        clock.before = clock.until;
        clock.view = view.viewId;
      }
      clock.until = Math.max(clock.until, now);
    }
  }
  return credit;
}

/** Credit of an active-time beat; advances the view's and the person's cursors. */
export function clampActive(view: ViewState, persons: PersonClocks, claimMs: number, now: number, floor = 0): number {
  const credit = creditPerson(view, view.creditedUntil, persons, claimMs, now, floor);
  view.creditedUntil = Math.max(view.creditedUntil, now);
  view.activeMs += credit;
  return credit;
}

/** Credit of played video time: the view's video cursor and the person's clock (shared with reading in other views). */
export function clampVideo(view: ViewState, persons: PersonClocks, claimMs: number, now: number, floor = 0): number {
  const credit = creditPerson(view, view.videoUntil, persons, claimMs, now, floor);
  view.videoUntil = Math.max(view.videoUntil, now);
  return credit;
}

/** Drop clocks that can no longer bound anything: every claim starts after now - maxClaimMs. */
export function pruneClocks(persons: PersonClocks, now: number, maxClaimMs: number): void {
  for (const [user, clock] of persons) if (clock.until < now - maxClaimMs) persons.delete(user);
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
