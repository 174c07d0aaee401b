import type Database from 'better-sqlite3';
import { BoundedMap, type PersonClocks, type ViewState } from './clamp.ts';
import type { ContentIndex } from './content-index.ts';
import { dayOf } from './day.ts';
import { manyRows } from './many-rows.ts';
import { dialectOf, greatestFn } from '../db/dialect.ts';
import { prepareSharedClamp, reclampBatch } from './reclamp-batch.ts';
import { prepareBudgetSync, type BudgetLevel, type BudgetSpend } from './budget-sync.ts';
import { clipRanges, coveredSeconds, mergeRanges, parseRanges, roundRanges, type Ranges } from './ranges.ts';

/** An event that passed validation and clamping, waiting in memory for the next batch write. */
export interface AcceptedEvent {
  at: number;
  kind: 'view' | 'beat' | 'video' | 'imp';
  key: string;
  viewId: string;
  userId: string;
  accountId: string;
  claimedMs: number;
  creditMs: number;
  /** A new page view began with this event (counts one view). */
  newView?: boolean;
  /** The reader reached the end of the page in this view for the first time. */
  completedNow?: boolean;
  depth?: number;
  pos?: number;
  dur?: number;
  ranges?: Ranges;
}

export interface StoreOptions {
  timeZone: string;
  engagedMs: number;
  engagedVideoPercent: number;
  index: ContentIndex;
}

/** A video counts as completed from this coverage. */
const VIDEO_DONE_PERCENT = 90;

interface ProgressDelta {
  userId: string;
  key: string;
  accountId: string;
  activeMs: number;
  videoMs: number;
  videoCreditMs: number;
  depth: number;
  completedAt: number | null;
  impressionAt: number | null;
  viewAt: number | null;
  pos: number | null;
  dur: number;
  ranges: Ranges;
}

/**
 * Writes one batch of accepted events in a single transaction: the raw audit rows, the daily rollups,
 * the page-view cursors, per-person progress (video ranges, resume point, completion), awareness and
 * announcement reach. Rollups are therefore exactly as current as the raw events (≤ 1 s behind).
 */
export function createBatchWriter(db: Database.Database, opts: StoreOptions) {
  // Each statement's last argument: its columns' PostgreSQL types, with which PostgreSQL writes all the
  // batch's rows in one statement (many-rows.ts). SQLite ignores them.
  const greatest = greatestFn(dialectOf(db));
  const insertEvents = manyRows(
    db,
    (values) => `INSERT INTO tracking_events (at, kind, content_key, view_id, user_id, account_id, claimed_ms, credit_ms, data) VALUES ${values}`,
    9,
    64,
    ['bigint', 'text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'text'],
  );
  const upsertDaily = manyRows(
    db,
    (values) => `INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions)
     VALUES ${values}
     ON CONFLICT (day, account_id, user_id, content_key) DO UPDATE SET active_ms = tracking_daily.active_ms + excluded.active_ms,
       video_ms = tracking_daily.video_ms + excluded.video_ms, views = tracking_daily.views + excluded.views,
       completions = tracking_daily.completions + excluded.completions, impressions = tracking_daily.impressions + excluded.impressions`,
    9,
    64,
    ['text', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint'],
  );
  const upsertViews = manyRows(
    db,
    (values) => `INSERT INTO tracking_views (view_id, content_key, user_id, account_id, started_at, credited_until, video_until, active_ms, max_depth, completed, last_at)
     VALUES ${values}
     ON CONFLICT (view_id) DO UPDATE SET credited_until = excluded.credited_until, video_until = excluded.video_until, active_ms = excluded.active_ms,
       max_depth = excluded.max_depth, completed = excluded.completed, last_at = excluded.last_at`,
    11,
    64,
    ['text', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'boolean', 'bigint'],
  );
  const upsertClocks = manyRows(
    db,
    (values) => `INSERT INTO tracking_person_clocks (user_id, until, view_id, before) VALUES ${values}
     ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, view_id = excluded.view_id, before = excluded.before`,
    4,
    64,
    ['text', 'bigint', 'text', 'bigint'],
  );
  const sharedClamp = prepareSharedClamp(db);
  const syncBudgets = prepareBudgetSync(db);
  // The stored coverage of the batch's videos, all at once: one statement per pair would be a round trip each on PostgreSQL.
  const readVideos = readerByPairs<{ userId: string; key: string; ranges: string | null; duration: number | null }>(
    db,
    (pairs) => `SELECT p.user_id AS userId, p.content_key AS key, p.ranges, p.duration
     FROM (VALUES ${pairs}) AS v JOIN tracking_progress p ON p.user_id = v.column1 AND p.content_key = v.column2`,
  );
  const upsertProgress = manyRows(
    db,
    (values) => `INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, video_ms, position, duration, ranges, covered_seconds,
       max_depth, completed_at, first_impression_at, first_view_at, updated_at)
     VALUES ${values}
     ON CONFLICT (user_id, content_key) DO UPDATE SET active_ms = tracking_progress.active_ms + excluded.active_ms,
       video_ms = tracking_progress.video_ms + excluded.video_ms,
       position = coalesce(excluded.position, tracking_progress.position), duration = coalesce(excluded.duration, tracking_progress.duration),
       ranges = coalesce(excluded.ranges, tracking_progress.ranges),
       covered_seconds = ${greatest}(tracking_progress.covered_seconds, excluded.covered_seconds),
       max_depth = ${greatest}(tracking_progress.max_depth, excluded.max_depth), completed_at = coalesce(tracking_progress.completed_at, excluded.completed_at),
       first_impression_at = coalesce(tracking_progress.first_impression_at, excluded.first_impression_at),
       first_view_at = coalesce(tracking_progress.first_view_at, excluded.first_view_at), updated_at = excluded.updated_at
     RETURNING user_id AS userId, content_key AS key, account_id AS accountId, active_ms AS activeMs, duration, covered_seconds AS covered, completed_at AS completedAt,
       first_impression_at AS impressionAt, first_view_at AS viewAt, first_engaged_at AS engagedAt`,
    14,
    64,
    ['text', 'text', 'text', 'bigint', 'bigint', 'double precision', 'double precision', 'text', 'double precision', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint'],
  );
  // The row as upserted tells whether a video was completed or the person engaged just now, so these
  // updates run only when something changes (not one extra statement per person and item per batch), and
  // together: a person moved to another account (setting account_id in the upsert would rewrite its index
  // entry on every beat; people rarely move), a video completed, a first engagement, and the batch's turn
  // (change_seq) on a row whose funnel changed: new, or first seen, opened or engaged just now. The
  // dashboards read those rows alone (kpi/changed-rows.ts); beats that only add time leave change_seq alone.
  const fixProgress = manyRows(
    db,
    (values) => `UPDATE tracking_progress SET account_id = v.column3,
       completed_at = coalesce(CAST(v.column4 AS bigint), tracking_progress.completed_at),
       first_engaged_at = coalesce(CAST(v.column5 AS bigint), tracking_progress.first_engaged_at),
       change_seq = coalesce(CAST(v.column6 AS bigint), tracking_progress.change_seq)
     FROM (VALUES ${values}) AS v WHERE tracking_progress.user_id = v.column1 AND tracking_progress.content_key = v.column2`,
    6,
    64,
    ['text', 'text', 'text', 'bigint', 'bigint', 'bigint'],
  );
  const upsertAccounts = manyRows(
    db,
    // Only a first that was missing changes the row (and its change_seq, see fixProgress): the others are
    // left unwritten.
    (values) => `INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at, change_seq)
     VALUES ${values}
     ON CONFLICT (account_id, content_key) DO UPDATE SET
       first_impression_at = coalesce(tracking_account_awareness.first_impression_at, excluded.first_impression_at),
       first_view_at = coalesce(tracking_account_awareness.first_view_at, excluded.first_view_at),
       first_engaged_at = coalesce(tracking_account_awareness.first_engaged_at, excluded.first_engaged_at),
       change_seq = excluded.change_seq
     WHERE (tracking_account_awareness.first_impression_at IS NULL AND excluded.first_impression_at IS NOT NULL)
       OR (tracking_account_awareness.first_view_at IS NULL AND excluded.first_view_at IS NOT NULL)
       OR (tracking_account_awareness.first_engaged_at IS NULL AND excluded.first_engaged_at IS NOT NULL)`,
    6,
    64,
    ['text', 'text', 'bigint', 'bigint', 'bigint', 'bigint'],
  );
  const upsertReach = manyRows(
    db,
    (values) => `INSERT INTO tracking_announcement_reach (announcement_key, user_id, account_id, first_seen_at, opened_at) VALUES ${values}
     ON CONFLICT (announcement_key, user_id) DO UPDATE SET opened_at = coalesce(tracking_announcement_reach.opened_at, excluded.opened_at)`,
    5,
    64,
    ['text', 'text', 'text', 'bigint', 'bigint'],
  );

  // Pairs already engaged need no further check (a person is engaged with an item once).
  const engagedKnown = new BoundedMap<string, true>(200_000);

  const write = db.transaction((accepted: AcceptedEvent[], memoryViews: ViewState[], spends: BudgetSpend[]): { levels: BudgetLevel[]; views: ViewState[]; clocks: PersonClocks } => {
    // The cursors as committed by every instance on this database decide the credit (reclamp-batch.ts).
    const turn = sharedClamp.begin();
    const { events, views, clocks } = reclampBatch(sharedClamp, accepted, memoryViews);
    const daily = new Map<string, [string, string, string, string, number, number, number, number, number]>();
    const progress = new Map<string, ProgressDelta>();
    const dailyRow = (e: { at: number; accountId: string; userId: string; key: string }) => {
      const day = dayOf(e.at, opts.timeZone);
      const id = `${day}\u0000${e.accountId}\u0000${e.userId}\u0000${e.key}`;
      let row = daily.get(id);
      if (!row) daily.set(id, (row = [day, e.accountId, e.userId, e.key, 0, 0, 0, 0, 0]));
      return row;
    };
    const progressRow = (userId: string, key: string, accountId: string): ProgressDelta => {
      const id = `${userId}\u0000${key}`;
      let p = progress.get(id);
      if (!p) {
        p = { userId, key, accountId, activeMs: 0, videoMs: 0, videoCreditMs: 0, depth: 0, completedAt: null, impressionAt: null, viewAt: null, pos: null, dur: 0, ranges: [] };
        progress.set(id, p);
      }
      return p;
    };
    // One row per announcement and person (an upsert may meet a key once): the first sighting, and the first opening.
    const reach = new Map<string, [string, string, string, number, number | null]>();
    const eventRows: unknown[] = [];
    for (const e of events) {
      const data =
        e.kind === 'beat' ? JSON.stringify({ depth: e.depth, end: e.completedNow || undefined })
        : e.kind === 'video' ? JSON.stringify({ pos: e.pos, dur: e.dur, ranges: e.ranges })
        : null;
      eventRows.push(e.at, e.kind, e.key, e.viewId, e.userId, e.accountId, e.claimedMs, e.creditMs, data);
      const row = dailyRow(e);
      if (e.kind === 'beat') row[4] += e.creditMs;
      if (e.kind === 'video') row[5] += e.creditMs;
      if (e.newView) row[6] += 1;
      if (e.completedNow) row[7] += 1;
      if (e.kind === 'imp') row[8] += 1;
      if (!e.userId) continue; // anonymous visitors: rollups only, never per-person or account data
      const item = opts.index.get(e.key);
      if (item?.type === 'announcement' && (e.kind === 'imp' || e.newView)) {
        const id = `${e.key}\u0000${e.userId}`;
        const seen = reach.get(id);
        if (!seen) reach.set(id, [e.key, e.userId, e.accountId, e.at, e.newView ? e.at : null]);
        else if (e.newView) seen[4] ??= e.at;
        // Seeing an announcement makes the person aware of what it points at.
        if (e.kind === 'imp') for (const ref of item.refs) progressRow(e.userId, ref, e.accountId).impressionAt ??= e.at;
      }
      const p = progressRow(e.userId, e.key, e.accountId);
      if (e.kind === 'imp') p.impressionAt ??= e.at;
      if (e.newView) p.viewAt ??= e.at;
      if (e.kind === 'beat') {
        p.activeMs += e.creditMs;
        p.depth = Math.max(p.depth, e.depth ?? 0);
        if (e.completedNow) p.completedAt ??= e.at;
      }
      if (e.kind === 'video') {
        p.videoMs += e.creditMs;
        p.videoCreditMs += e.creditMs;
        p.pos = e.pos ?? p.pos;
        p.dur = Math.max(p.dur, e.dur ?? 0);
        if (e.ranges?.length) p.ranges.push(...e.ranges);
      }
    }
    insertEvents(eventRows);
    const viewRows: unknown[] = [];
    for (const v of views) {
      viewRows.push(v.viewId, v.contentKey, v.userId, v.accountId, v.startedAt, v.creditedUntil, v.videoUntil, v.activeMs, v.maxDepth, v.completed ? 1 : 0, v.lastAt);
    }
    upsertViews(viewRows);
    const clockRows: unknown[] = [];
    for (const [userId, c] of clocks) clockRows.push(userId, c.until, c.view, c.before);
    upsertClocks(clockRows);

    const now = Date.now();
    const videoPairs: string[] = [];
    for (const p of progress.values()) if (p.pos !== null) videoPairs.push(p.userId, p.key);
    const stored = new Map<string, { ranges: string | null; duration: number | null }>();
    for (const r of readVideos(videoPairs)) stored.set(`${r.userId}\u0000${r.key}`, r);
    const progressRows: unknown[] = [];
    for (const [pair, p] of progress) {
      let rangesJson: string | null = null;
      let covered = 0;
      let dur: number | null = null;
      if (p.pos !== null) {
        const old = stored.get(pair);
        const oldRanges = parseRanges(old?.ranges);
        dur = videoDuration(p.dur || old?.duration || 0, opts.index.get(p.key)?.durationSeconds);
        let merged = mergeRanges(oldRanges, clipRanges(p.ranges, dur));
        // New coverage can't exceed what the clamped play time allows: 2× speed, plus up to half a second
        // for the gaps mergeRanges joins. Nothing credited (another view of the person had the stretch,
        // or a forged claim) means no new coverage, so parallel views can't cover or complete a video.
        const credited = p.videoCreditMs / 1000;
        const allowance = credited * 2 + Math.min(0.5, credited);
        if (coveredSeconds(merged) - coveredSeconds(oldRanges) > allowance) merged = oldRanges;
        covered = coveredSeconds(merged);
        rangesJson = JSON.stringify(roundRanges(merged));
        p.pos = Math.min(p.pos, dur);
      }
      progressRows.push(p.userId, p.key, p.accountId, p.activeMs, p.videoMs, p.pos, dur, rangesJson, covered, p.depth, p.completedAt, p.impressionAt, p.viewAt, now);
    }
    const upserted = new Map<string, ProgressRow>();
    for (const row of upsertProgress(progressRows) as ProgressRow[]) upserted.set(`${row.userId}\u0000${row.key}`, row);
    // In batch order (RETURNING's order is unspecified): the first person of an account seen sets its firsts.
    const fixes: unknown[] = [];
    const accounts = new Map<string, [string, string, number | null, number | null, number | null, number]>();
    for (const [pair, p] of progress) {
      const row = upserted.get(pair)!;
      let done: number | null = null;
      if (p.pos !== null && row.completedAt === null && coveredAtLeast(row, VIDEO_DONE_PERCENT)) {
        done = now;
        dailyRow({ at: now, accountId: p.accountId, userId: p.userId, key: p.key })[7] += 1;
      }
      let engaged = false;
      if ((p.activeMs > 0 || p.pos !== null) && !engagedKnown.has(pair)) {
        if (row.engagedAt === null && (row.activeMs >= opts.engagedMs || coveredAtLeast(row, opts.engagedVideoPercent))) engaged = true;
        if (engaged || row.engagedAt !== null) engagedKnown.set(pair, true);
      }
      // This batch set a first (a new row, or one that was missing): the returned value is the batch's own.
      const funnelChanged = (p.impressionAt !== null && row.impressionAt === p.impressionAt) || (p.viewAt !== null && row.viewAt === p.viewAt);
      if (row.accountId !== p.accountId || done !== null || engaged || funnelChanged) {
        fixes.push(p.userId, p.key, p.accountId, done, engaged ? now : null, funnelChanged || engaged || row.accountId !== p.accountId ? turn : null);
      }
      if (p.accountId && (p.impressionAt || p.viewAt || engaged)) {
        const id = `${p.accountId}\u0000${p.key}`;
        const a = accounts.get(id);
        if (!a) accounts.set(id, [p.accountId, p.key, p.impressionAt, p.viewAt, engaged ? now : null, turn]);
        else {
          a[2] ??= p.impressionAt;
          a[3] ??= p.viewAt;
          if (engaged) a[4] ??= now;
        }
      }
    }
    fixProgress(fixes);
    upsertAccounts([...accounts.values()].flat());
    upsertDaily([...daily.values()].flat());
    upsertReach([...reach.values()].flat());
    return { levels: syncBudgets(spends, now), views, clocks };
  });

  // IMMEDIATE: the batch reads the cursors it then advances, so it must hold the write lock from its first
  // read; a deferred transaction would read a snapshot another instance may commit past before it writes.
  return (events: AcceptedEvent[], views: ViewState[], spends: BudgetSpend[] = []): BudgetLevel[] => {
    const done = write.immediate(events, views, spends);
    // Committed: the shared clamp may keep what this batch wrote (never what a rolled-back one did).
    sharedClamp.committed(done.views, done.clocks);
    return done.levels;
  };
}

/** Pairs per read: 400 parameters, well below both databases' limits. */
const PAIRS_PER_READ = 200;

/** A reader of rows by (user, item) pairs given flat, in chunks of PAIRS_PER_READ, one statement per chunk size (kept). */
function readerByPairs<T>(db: Database.Database, sql: (pairs: string) => string): (flat: string[]) => T[] {
  const statements = new Map<number, Database.Statement>();
  return (flat) => {
    const out: T[] = [];
    for (let i = 0; i < flat.length; i += PAIRS_PER_READ * 2) {
      const chunk = flat.slice(i, i + PAIRS_PER_READ * 2);
      const n = chunk.length / 2;
      let stmt = statements.get(n);
      if (!stmt) statements.set(n, (stmt = db.prepare(sql(Array.from({ length: n }, () => '(?, ?)').join(', ')))));
      for (const row of stmt.all(chunk) as T[]) out.push(row);
    }
    return out;
  };
}

/** The tracking_progress columns the batch writer reads back after its upsert. */
interface ProgressRow {
  userId: string;
  key: string;
  accountId: string;
  activeMs: number;
  duration: number | null;
  covered: number;
  completedAt: number | null;
  impressionAt: number | null;
  viewAt: number | null;
  engagedAt: number | null;
}

/** Whether a video's coverage reached `percent` of its duration. */
function coveredAtLeast(row: ProgressRow, percent: number): boolean {
  return row.duration !== null && row.duration > 0 && row.covered * 100 >= row.duration * percent;
}

/** Trust the player's duration only within ±50 % of the frontmatter duration (a client can't shrink a video to inflate coverage). */
function videoDuration(reported: number, declared: number | undefined): number {
  if (!declared) return reported;
  if (!reported) return declared;
  return Math.min(Math.max(reported, declared * 0.5), declared * 1.5);
}
