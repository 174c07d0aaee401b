// `npm run seed:activity`: 90 days of deterministic synthetic activity for the demo accounts, written
// straight into the tracking tables (raw events, daily rollups, views, progress, awareness, reach) so that
// every dashboard means something at first start. Also called by scripts/lib/prepare-demo.ts.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from '../db/client.ts';
import { getConfig, databaseLocation } from '../src/lib/server/config.ts';
import { isMeantFor, loadKpiContent, type KpiContent, type KpiItem } from '../src/lib/server/kpi/kpi-content.ts';
import { dayInZone, startOfDayInZone, addDays } from '../src/lib/server/kpi/period.ts';
import { markTrackingActivity, takeTrackingTurn } from '../src/lib/server/tracking/activity-epoch.ts';
import { manyRows } from '../src/lib/server/tracking/many-rows.ts';
import { dayActivity, hashString, pickItem, prng, profileOf, sessionSeconds, type Profile } from './lib/activity-simulator.ts';

const DAYS = 90;
// One raw event per minute of reading keeps the demo seed fast (the live tracker beats every 15 s;
// the rollups are the same either way).
const BEAT_S = 60;

export interface SeedOptions {
  now?: number;
  timeZone?: string;
  content?: KpiContent;
  engagedSeconds?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  accounts: number;
  events: number;
  rollupRows: number;
  skipped: boolean;
  profiles: Record<string, Profile>;
}

interface Progress {
  userId: string; key: string; accountId: string; activeMs: number; videoMs: number; position: number | null; duration: number | null;
  covered: number; depth: number; completedAt: number | null; impressionAt: number | null; viewAt: number | null; engagedAt: number | null; updatedAt: number;
}

/** Seed activity unless the tracking tables already hold events (restarts never duplicate anything). */
export function seedActivity(db: Db, opts: SeedOptions = {}): SeedResult {
  const c = db.$client;
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now();
  const tz = opts.timeZone ?? getConfig().JISOU_TIMEZONE;
  const engagedMs = (opts.engagedSeconds ?? 30) * 1000;
  const started = Date.now();
  const profiles: Record<string, Profile> = {};
  if ((c.prepare('SELECT count(*) AS n FROM tracking_events').get() as { n: number }).n > 0) return { accounts: 0, events: 0, rollupRows: 0, skipped: true, profiles };
  const content = opts.content ?? loadKpiContent(process.cwd());
  const accounts = c.prepare(`SELECT id, slug, segment, plan, contract_start AS contractStart FROM accounts WHERE disabled_at IS NULL ORDER BY slug`).all() as {
    id: string; slug: string; segment: string; plan: string; contractStart: string;
  }[];
  const usersOf = c.prepare(`SELECT id FROM users WHERE account_id = ? AND disabled_at IS NULL AND role IN ('customer', 'customer-admin') ORDER BY id`);
  const announcements = content.items.filter((i) => i.type === 'announcement');
  const today = dayInZone(now, tz);

  const insertEvent = collectRows(c, (v) => `INSERT INTO tracking_events (at, kind, content_key, view_id, user_id, account_id, claimed_ms, credit_ms, data) VALUES ${v}`, 9);
  const insertView = collectRows(c, (v) => `INSERT INTO tracking_views (view_id, content_key, user_id, account_id, started_at, credited_until, video_until, active_ms, max_depth, completed, last_at) VALUES ${v}`, 11);
  const daily = new Map<string, [string, string, string, string, number, number, number, number, number]>();
  const progress = new Map<string, Progress>();
  const reach = new Map<string, [string, string, string, number, number | null]>();
  let events = 0;
  const dailyRow = (at: number, accountId: string, userId: string, key: string) => {
    const day = dayInZone(at, tz);
    const id = `${day}\0${accountId}\0${userId}\0${key}`;
    let r = daily.get(id);
    if (!r) daily.set(id, (r = [day, accountId, userId, key, 0, 0, 0, 0, 0]));
    return r;
  };
  const progressRow = (userId: string, key: string, accountId: string) => {
    const id = `${userId}\0${key}`;
    let p = progress.get(id);
    if (!p) progress.set(id, (p = { userId, key, accountId, activeMs: 0, videoMs: 0, position: null, duration: null, covered: 0, depth: 0, completedAt: null, impressionAt: null, viewAt: null, engagedAt: null, updatedAt: 0 }));
    return p;
  };
  const impression = (at: number, item: KpiItem, userId: string, accountId: string) => {
    insertEvent.run(at, 'imp', item.key, `imp-${userId}-${at}`, userId, accountId, 0, 0, null);
    events++;
    dailyRow(at, accountId, userId, item.key)[8] += 1;
    const p = progressRow(userId, item.key, accountId);
    p.impressionAt ??= at;
    if (item.type === 'announcement') {
      const k = `${item.key}\0${userId}`;
      if (!reach.has(k)) reach.set(k, [item.key, userId, accountId, at, null]);
      for (const ref of item.refs) progressRow(userId, ref, accountId).impressionAt ??= at;
    }
  };
  const session = (at: number, item: KpiItem, seconds: number, depth: number, userId: string, accountId: string, n: number) => {
    const viewId = `demo-${userId}-${n}`;
    const video = item.type === 'webinar' && item.videoMinutes > 0;
    insertEvent.run(at, 'view', item.key, viewId, userId, accountId, 0, 0, null);
    events++;
    const row = dailyRow(at, accountId, userId, item.key);
    row[6] += 1;
    const p = progressRow(userId, item.key, accountId);
    p.viewAt ??= at;
    const dur = item.videoMinutes * 60;
    for (let s = 0; s < seconds; s += BEAT_S) {
      const credit = Math.min(BEAT_S, seconds - s) * 1000;
      const t = at + (s + BEAT_S) * 1000;
      if (video) insertEvent.run(t, 'video', item.key, viewId, userId, accountId, credit, credit, `{"pos":${s + credit / 1000},"dur":${dur},"ranges":[[${s},${s + credit / 1000}]]}`);
      else insertEvent.run(t, 'beat', item.key, viewId, userId, accountId, credit, credit, `{"depth":${Math.min(depth, Math.round(((s + BEAT_S) / seconds) * depth))}}`);
      events++;
    }
    const end = at + seconds * 1000;
    if (video) {
      row[5] += seconds * 1000;
      p.videoMs += seconds * 1000;
      p.position = seconds;
      p.duration = dur;
      p.covered = Math.min(dur, Math.max(p.covered, seconds));
      if (p.covered >= dur * 0.5) p.engagedAt ??= end;
      if (p.covered >= dur * 0.9 && p.completedAt === null) [p.completedAt, row[7]] = [end, row[7] + 1];
    } else {
      row[4] += seconds * 1000;
      p.activeMs += seconds * 1000;
      p.depth = Math.max(p.depth, depth);
      if (p.activeMs >= engagedMs) p.engagedAt ??= end;
      if (depth >= 95 && p.completedAt === null) [p.completedAt, row[7]] = [end, row[7] + 1];
    }
    p.updatedAt = end;
    insertView.run(viewId, item.key, userId, accountId, at, end, video ? end : at, video ? 0 : seconds * 1000, depth, depth >= 95 ? 1 : 0, end);
  };

  const stageA: string[] = [];
  db.$client.transaction(() => {
    accounts.forEach((account, index) => {
      const profile = profileOf(account.slug, index);
      profiles[account.slug] = profile;
      if (profile === 'thriving' && stageA.length < 2 && account.slug !== 'acme') stageA.push(account.id);
      const rand = prng(hashString(account.slug));
      const users = (usersOf.all(account.id) as { id: string }[]).map((u) => u.id);
      const firstDay = [addDays(today, -(DAYS - 1)), account.contractStart].sort()[1]!;
      let n = 0;
      for (const userId of users) {
        const seen = new Set<string>();
        const eager = 0.6 + rand() * 0.8; // people differ: some read twice as much as others
        for (let d = DAYS - 1; d >= 0; d--) {
          const day = addDays(today, -d);
          if (day < firstDay) continue;
          const { p, maxLevel } = dayActivity(profile, d);
          if (rand() >= p * eager) continue;
          const dayStart = startOfDayInZone(day, tz);
          let at = dayStart + (9 + Math.floor(rand() * 9)) * 3_600_000 + Math.floor(rand() * 3_600_000);
          if (at >= now) continue;
          for (const ann of announcements) if (ann.publishedAt.getTime() <= at && isFresh(ann, at) && isMeantFor(ann, account) && rand() < 0.5) impression(at, ann, userId, account.id);
          for (let s = 0, count = 1 + Math.floor(rand() * 3); s < count; s++) {
            const item = pickItem(content.items, account, seen, maxLevel, rand);
            if (!item || item.publishedAt.getTime() > at) continue;
            impression(at, item, userId, account.id);
            const seconds = sessionSeconds(item, rand);
            session(at + 2000, item, seconds, Math.round(40 + rand() * 60), userId, account.id, n++);
            seen.add(item.key);
            at += (seconds + 60 + Math.floor(rand() * 600)) * 1000;
            if (at >= now) break;
          }
        }
      }
      log(`  activity: ${account.slug.padEnd(20)} ${profile.padEnd(12)} ${users.length} people, ${n} sessions`);
    });
    insertEvent.flush();
    insertView.flush();
    const upsertDaily = collectRows(c, (v) => `INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES ${v}`, 9);
    for (const r of daily.values()) upsertDaily.run(...r);
    upsertDaily.flush();
    writeProgress(c, [...progress.values()]);
    const insertReach = collectRows(c, (v) => `INSERT INTO tracking_announcement_reach (announcement_key, user_id, account_id, first_seen_at, opened_at) VALUES ${v}`, 5);
    for (const r of reach.values()) insertReach.run(...r);
    insertReach.flush();
    // Two thriving accounts gave a talk at the user group: stage A set by hand, as a manager would.
    const mark = c.prepare(`INSERT INTO account_success_marks (account_id, reason, marked_by, marked_at) VALUES (?, ?, NULL, ?) ON CONFLICT (account_id) DO NOTHING`);
    for (const id of stageA) mark.run(id, 'ユーザー会で登壇(デモデータ)', now);
    // A server already running on this database reads tracking again at its next request.
    markTrackingActivity(c);
  })();
  log(`  activity: ${events.toLocaleString('en-US')} events, ${daily.size.toLocaleString('en-US')} daily rollup rows in ${Date.now() - started} ms`);
  return { accounts: accounts.length, events, rollupRows: daily.size, skipped: false, profiles };
}

/** Announcements are shown on the home page for a month after publication. */
function isFresh(item: KpiItem, at: number): boolean {
  return at - item.publishedAt.getTime() < 30 * 86_400_000;
}

/**
 * Rows collected and written many per statement when flushed: one statement per row would cost a round trip
 * each on PostgreSQL (minutes for the demo) and a statement's overhead each on SQLite.
 */
function collectRows(c: Database.Database, sql: (values: string) => string, columns: number) {
  const write = manyRows(c, sql, columns, Math.floor(4000 / columns));
  const values: unknown[] = [];
  return {
    run: (...row: unknown[]) => void values.push(...row),
    flush: () => void write(values.splice(0)),
  };
}

function writeProgress(c: Database.Database, rows: Progress[]): void {
  // A tracking turn, as the tracking writer's: a running portal's dashboards read the rows it marks (kpi/changed-rows.ts).
  const turn = takeTrackingTurn(c);
  const insert = collectRows(c, (v) => `INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, video_ms, position, duration, ranges, covered_seconds, max_depth,
    completed_at, first_impression_at, first_view_at, first_engaged_at, updated_at, change_seq) VALUES ${v}`, 16);
  const accounts = new Map<string, [number | null, number | null, number | null]>();
  const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  for (const p of rows) {
    insert.run(p.userId, p.key, p.accountId, p.activeMs, p.videoMs, p.position, p.duration, p.position === null ? null : `[[0,${p.covered}]]`, p.covered, p.depth,
      p.completedAt, p.impressionAt, p.viewAt, p.engagedAt, p.updatedAt || p.impressionAt || 0, turn);
    const k = `${p.accountId}\0${p.key}`;
    const a = accounts.get(k) ?? [null, null, null];
    accounts.set(k, [min(a[0], p.impressionAt), min(a[1], p.viewAt), min(a[2], p.engagedAt)]);
  }
  insert.flush();
  const aware = collectRows(c, (v) => `INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at, change_seq) VALUES ${v}`, 6);
  for (const [k, v] of accounts) aware.run(...k.split('\0'), ...v, turn);
  aware.flush();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const config = getConfig();
  const db = openDatabase(databaseLocation(config), resolve(import.meta.dirname, '..'));
  process.chdir(resolve(import.meta.dirname, '..'));
  const r = seedActivity(db, { log: console.log, timeZone: config.JISOU_TIMEZONE, engagedSeconds: config.JISOU_ENGAGED_SECONDS });
  if (r.skipped) console.log('Tracking tables already hold events: nothing seeded (use a fresh DATABASE_PATH).');
  db.$client.close();
}
