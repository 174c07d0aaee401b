import type Database from 'better-sqlite3';
import { BoundedMap, clampActive, clampVideo, newViewState, type PersonClock, type PersonClocks, type ViewState } from './clamp.ts';
import type { AcceptedEvent } from './store.ts';
import { TAKE_TURN_SQL } from './activity-epoch.ts';

/** Ids per SELECT … IN (…): well below SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_READ = 200;

type ViewRow = Omit<ViewState, 'completed'> & { completed: number };

/**
 * A reader of rows by id in chunks of IDS_PER_READ: one statement for full chunks, prepared once, and one
 * per size of a last chunk, kept (at most IDS_PER_READ of them, a few KB each).
 */
export function readerByIds<T>(db: Database.Database, sql: (marks: string) => string): (ids: string[]) => T[] {
  const statements = new Map<number, Database.Statement>();
  return (ids) => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      const chunk = ids.slice(i, i + IDS_PER_READ);
      let stmt = statements.get(chunk.length);
      if (!stmt) statements.set(chunk.length, (stmt = db.prepare(sql(chunk.map(() => '?').join(', ')))));
      for (const row of stmt.all(chunk) as T[]) out.push(row);
    }
    return out;
  };
}

/** Cursors this writer committed last, kept to skip reading them back (see prepareSharedClamp). */
const KNOWN_LIMIT = 200_000;

/**
 * The shared clamp's database side, one per writer connection. `loadViews`/`loadClocks` read the cursors
 * of a batch's page views and people; to spare those reads (most of its cost) the writer keeps the
 * cursors it committed itself and uses them while no other writer committed a batch since its own last
 * one: every batch moves `tracking_batches` in app_meta on by one inside its transaction, so finding it
 * exactly one past the value this writer committed proves that nobody else wrote cursors meanwhile
 * (another instance, a second writer in a restarted process). Otherwise the kept cursors are dropped and
 * everything is read.
 */
export function prepareSharedClamp(db: Database.Database) {
  const viewSql = (marks: string) =>
    `SELECT view_id AS viewId, content_key AS contentKey, user_id AS userId, account_id AS accountId, started_at AS startedAt,
       credited_until AS creditedUntil, video_until AS videoUntil, active_ms AS activeMs, max_depth AS maxDepth, completed, last_at AS lastAt
     FROM tracking_views WHERE view_id IN (${marks})`;
  const clockSql = (marks: string) => `SELECT user_id AS userId, until, view_id AS viewId, before FROM tracking_person_clocks WHERE user_id IN (${marks})`;
  const readViews = readerByIds<ViewRow>(db, viewSql);
  const readClocks = readerByIds<{ userId: string; until: number; viewId: string; before: number }>(db, clockSql);
  const nextTurn = db.prepare(TAKE_TURN_SQL);
  const knownViews = new BoundedMap<string, ViewState>(KNOWN_LIMIT);
  const knownClocks = new BoundedMap<string, PersonClock>(KNOWN_LIMIT);
  let committedTurn: number | null = null;
  let turn: number | null = null;
  return {
    /**
     * Call first in the batch's transaction: takes this batch's turn, forgets kept cursors if another writer had
     * one. The turn is returned: it marks the rows the batch changes (change_seq). The row lock on
     * `tracking_batches` is held until commit, so turns commit in their order on PostgreSQL too.
     */
    begin(): number {
      turn = (nextTurn.get() as { turn: number } | undefined)?.turn ?? null;
      if (turn === null || committedTurn === null || turn !== committedTurn + 1) {
        knownViews.clear();
        knownClocks.clear();
      }
      return turn ?? 0;
    },
    /** Copies (the batch mutates them; a rolled-back batch must not touch what is kept). */
    loadViews(ids: string[]): ViewState[] {
      const out: ViewState[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const v = knownViews.get(id);
        if (v) out.push({ ...v });
        else missing.push(id);
      }
      if (missing.length) for (const r of readViews(missing)) out.push({ ...r, completed: Boolean(r.completed) });
      return out;
    },
    loadClocks(ids: string[]): { userId: string; until: number; viewId: string; before: number }[] {
      const out: { userId: string; until: number; viewId: string; before: number }[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const c = knownClocks.get(id);
        if (c) out.push({ userId: id, until: c.until, viewId: c.view, before: c.before });
        else missing.push(id);
      }
      if (missing.length) for (const r of readClocks(missing)) out.push(r);
      return out;
    },
    /** After the transaction committed: keep what it wrote. */
    committed(views: ViewState[], clocks: PersonClocks): void {
      committedTurn = turn;
      for (const v of views) knownViews.set(v.viewId, { ...v });
      for (const [user, c] of clocks) knownClocks.set(user, { ...c });
    },
  };
}

export type SharedClamp = ReturnType<typeof prepareSharedClamp>;

/**
 * Clamp a batch again against the cursors in the database, inside the writer's (IMMEDIATE) transaction.
 *
 * Every app instance clamps beats as they arrive with the cursors it holds in memory (cheap, and exact for
 * one instance). With several instances on one database, each holds only its own part of a person's clock:
 * if a load balancer sends one person's beats to two instances, each would credit the same stretch once.
 * So the writer, which all instances' batches pass through one at a time (SQLite's write lock), replays the
 * batch's events in order against the page-view cursors (tracking_views) and person clocks
 * (tracking_person_clocks) as committed by any instance, and credits the smaller of the two answers. One
 * instance alone gets the same figure as before (its memory and the database agree); several get the
 * figure one instance would have given. The same goes for counting a view once (an instance that had not
 * yet seen another's write thinks the view is new) and a page completed once.
 *
 * Returns the corrected events (new objects: a failed batch is retried with the originals) and the
 * cursors to write back.
 */
export function reclampBatch(
  clamp: SharedClamp,
  events: AcceptedEvent[],
  memoryViews: ViewState[],
): { events: AcceptedEvent[]; views: ViewState[]; clocks: PersonClocks } {
  const viewIds = new Set<string>();
  const userIds = new Set<string>();
  for (const e of events) {
    if (e.kind === 'imp') continue;
    viewIds.add(e.viewId);
    if (e.userId && (e.kind === 'beat' || e.kind === 'video')) userIds.add(e.userId);
  }
  if (viewIds.size === 0) return { events, views: [], clocks: new Map() };
  const stored = new Map<string, ViewState>();
  for (const v of clamp.loadViews([...viewIds])) stored.set(v.viewId, v);
  const clocks: PersonClocks = new Map();
  for (const c of clamp.loadClocks([...userIds])) clocks.set(c.userId, { until: c.until, view: c.viewId, before: c.before });
  // A view this batch creates starts where the instance that accepted it started it (its first request may
  // have carried impressions only); without that, at its first event here, which can only credit less.
  const started = new Map(memoryViews.map((v) => [v.viewId, v.startedAt]));
  const touched = new Map<string, ViewState>();
  const out: AcceptedEvent[] = [];
  for (const e of events) {
    if (e.kind === 'imp') {
      out.push(e);
      continue;
    }
    let view = stored.get(e.viewId);
    let newView = false;
    if (!view) {
      const at = Math.min(started.get(e.viewId) ?? e.at, e.at);
      view = newViewState(e.viewId, e.key, e.userId, e.accountId, at);
      stored.set(e.viewId, view);
      newView = true;
    } else if (view.userId !== e.userId || view.contentKey !== e.key) {
      // Two instances took the same new page-view id for different people or pages within one flush
      // (a forgery): the first one written keeps it, the other earns nothing.
      out.push({ ...e, creditMs: 0, newView: false, completedNow: false });
      continue;
    }
    touched.set(view.viewId, view);
    view.lastAt = Math.max(view.lastAt, e.at);
    const corrected: AcceptedEvent = { ...e, newView: Boolean(e.newView) && newView };
    if (e.kind === 'beat') {
      const shared = clampActive(view, clocks, e.claimedMs, e.at);
      corrected.creditMs = Math.min(e.creditMs, shared);
      view.activeMs -= shared - corrected.creditMs;
      view.maxDepth = Math.max(view.maxDepth, e.depth ?? 0);
      corrected.completedNow = Boolean(e.completedNow) && !view.completed && view.activeMs > 0;
      if (corrected.completedNow) view.completed = true;
    } else if (e.kind === 'video') {
      corrected.creditMs = Math.min(e.creditMs, clampVideo(view, clocks, e.claimedMs, e.at));
    }
    out.push(corrected);
  }
  return { events: out, views: [...touched.values()], clocks };
}
