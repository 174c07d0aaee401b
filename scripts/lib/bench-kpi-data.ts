// Deterministic bulk data for `npm run bench:kpi`: accounts, people, raw events, then the rollups built
// from the raw events with SQL (the same tables the ingest keeps current in production).
import type Database from 'better-sqlite3';
import type { KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';
import { prng } from './activity-simulator.ts';

const DAY = 86_400_000;
const BEAT_MS = 15_000;
const PEOPLE_PER_ACCOUNT = 8;

export interface BenchShape {
  events: number;
  accounts: number;
  users: number;
  days: number;
}

/**
 * ~5,000 events per account: 200 accounts at 1M, 2,000 at 10M, 8 people each, 120 days of history, unless
 * the bench was given other figures (`--accounts`, `--people`, `--days`: the realistic large case is
 * 5,000 accounts, 60,000 people and 365 days). People are spread evenly over accounts.
 */
export function shapeFor(events: number, given: Partial<Omit<BenchShape, 'events'>> = {}): BenchShape {
  const accounts = given.accounts ?? Math.max(10, Math.round(events / 5000));
  return { events, accounts, users: given.users ?? accounts * PEOPLE_PER_ACCOUNT, days: given.days ?? 120 };
}

/** How many people account `a` has (users spread evenly, the first accounts taking the remainder). */
export function peopleIn(shape: BenchShape, a: number): number {
  return Math.floor(shape.users / shape.accounts) + (a < shape.users % shape.accounts ? 1 : 0);
}

/**
 * Content files for a bench portal with more items than the demo: `count` generated items (manuals in
 * series of ten, articles, webinars with a video length) on every level, most public, some for customers,
 * one in twenty restricted to a segment or a plan, published over the year before `now`. Path → MDX text.
 */
export function generateBenchItems(count: number, now: number): Record<string, string> {
  const files: Record<string, string> = {};
  const body = '共有受信箱の設定と自動振り分けルールを順に確認します。担当者の割り当てを決め、SLA の目標時間を設定します。';
  for (let i = 0; i < count; i++) {
    const kind = i % 10 < 4 ? 'manual' : i % 10 === 8 ? 'webinar' : 'article';
    const audience = i % 40 === 0 ? 'audience:\n  segments: [high]' : i % 40 === 20 ? 'audience:\n  plans: [enterprise]' : `audience: ${i % 5 === 2 ? 'customers' : 'public'}`;
    const published = new Date(now - (10 + ((i * 7919) % 355)) * DAY).toISOString().slice(0, 10);
    const level = kind === 'manual' ? 1 : 2 + (i % 4);
    const head = [`key: bench-item-${i}`, `title: ベンチ用コンテンツ ${i}`, `description: 生成したコンテンツ ${i} の説明です。`, audience, `level: ${level}`, `publishedAt: ${published}`];
    if (kind === 'manual') head.push(`series: bench-series-${Math.floor(i / 10)}`, `order: ${(i % 10) + 1}`);
    if (kind === 'webinar') head.push(`heldAt: ${published}`, `durationMinutes: ${10 + (i % 50)}`, 'speakers:\n  - name: ベンチ 登壇者', 'video:\n  src: https://video.example/bench.mp4');
    const dir = kind === 'manual' ? 'manuals' : kind === 'webinar' ? 'webinars' : 'articles';
    files[`content/${dir}/ja/bench/item-${i}.mdx`] = `---\n${head.join('\n')}\n---\n\n## 概要 ${i}\n\n${body.repeat(4)}\n`;
  }
  return files;
}

export function insertAccounts(db: Database.Database, shape: BenchShape, now: number, itemKeys: string[] = []): void {
  const segs = ['high', 'low', 'tech'];
  const plans = ['starter', 'business', 'enterprise'];
  const acct = db.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const user = db.prepare(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let a = 0; a < shape.accounts; a++) {
      const start = new Date(now - (20 + ((a * 37) % 700)) * DAY).toISOString().slice(0, 10);
      acct.run(`b${a}`, `bench-${a}`, `Bench ${a} 株式会社`, segs[a % 3], plans[Math.floor(a / 3) % 3], start, now, now);
      for (let u = 0; u < peopleIn(shape, a); u++) user.run(`b${a}u${u}`, `u${u}@bench-${a}.example`, `Person ${a}-${u}`, u === 0 ? 'customer-admin' : 'customer', `b${a}`, now, now);
    }
  })();
  insertVoice(db, shape, now, itemKeys);
}

/**
 * What people said and when they last signed in, so the `surveys` stage rules and the NPS and sign-in
 * health components run on realistic rows: sign-ins for most people, four quarterly NPS rounds and an
 * onboarding survey answered by about half, a consent yes in one account in ten, and feedback on items.
 */
function insertVoice(db: Database.Database, shape: BenchShape, now: number, itemKeys: string[]): void {
  const rand = prng(shape.accounts * 7 + 1);
  const signIn = db.prepare(`UPDATE users SET last_sign_in_at = ? WHERE id = ?`);
  const answer = db.prepare(
    `INSERT INTO survey_responses (survey_key, round, user_id, account_id, answers, nps, consent, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`,
  );
  const feedback = db.prepare(`INSERT INTO item_feedback (user_id, account_id, content_key, helpful, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  db.transaction(() => {
    for (let a = 0; a < shape.accounts; a++) {
      for (let u = 0; u < peopleIn(shape, a); u++) {
        const id = `b${a}u${u}`;
        if (rand() < 0.85) signIn.run(now - Math.floor(rand() * rand() * 90 * DAY), id);
        for (let round = 0; round < 4; round++) {
          if (rand() > 0.5) continue;
          const at = now - (round * 91 + Math.floor(rand() * 20)) * DAY;
          answer.run('quarterly-nps', round, id, `b${a}`, Math.min(10, Math.floor(rand() * 11 + (a % 3) * 0.7)), 0, at, at, at);
        }
        if (rand() < 0.5) answer.run('onboarding-day30', 0, id, `b${a}`, null, 0, now - 100 * DAY, now - 100 * DAY, now - 100 * DAY);
        if (u === 0 && a % 10 === 0) answer.run('success-story', 0, id, `b${a}`, null, 1, now - 40 * DAY, now - 40 * DAY, now - 40 * DAY);
        for (let f = 0; f < 3 && itemKeys.length; f++) {
          if (rand() > 0.3) continue;
          const at = now - Math.floor(rand() * 120 * DAY);
          feedback.run(id, `b${a}`, itemKeys[Math.floor(rand() * itemKeys.length)]!, rand() < 0.8 ? 1 : 0, rand() < 0.2 ? 'コメント' : null, at, at);
        }
      }
    }
  })();
}

/**
 * Raw events in reading sessions: one `view`, an impression, then a heartbeat (`beat`, or `video` for
 * webinars) every 15 s. Accounts differ in appetite (some never read, some read a lot) so the dashboards
 * have spread. Returns the number written; prints progress every million.
 */
export function insertEvents(db: Database.Database, shape: BenchShape, items: KpiItem[], now: number, log: (s: string) => void): number {
  const rand = prng(shape.events);
  const ins = db.prepare(`INSERT INTO tracking_events (at, kind, content_key, view_id, user_id, account_id, claimed_ms, credit_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  const appetite = Array.from({ length: shape.accounts }, (_, a) => (a % 7 === 6 ? 0 : 0.2 + rand() * 1.8));
  const total = appetite.reduce((s, x) => s + x, 0);
  const cumulative = appetite.map(((sum) => (x: number) => (sum += x / total))(0));
  let written = 0;
  let session = 0;
  let nextLog = 1_000_000;
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n && written < shape.events; ) {
      const r = rand();
      let a = firstAtLeast(cumulative, r);
      if (a < 0) a = shape.accounts - 1;
      const user = `b${a}u${Math.floor(rand() * peopleIn(shape, a))}`;
      const item = items[Math.floor(rand() * items.length)]!;
      const ageDays = Math.floor(rand() * rand() * shape.days); // more activity recently
      let at = now - ageDays * DAY - Math.floor(rand() * DAY);
      const viewId = `v${session++}`;
      const kind = item.type === 'webinar' ? 'video' : 'beat';
      ins.run(at, 'imp', item.key, viewId, user, `b${a}`, 0, 0);
      ins.run(at, 'view', item.key, viewId, user, `b${a}`, 0, 0);
      const beats = 4 + Math.floor(rand() * 60);
      for (let b = 0; b < beats; b++) {
        at += BEAT_MS;
        ins.run(at, kind, item.key, viewId, user, `b${a}`, BEAT_MS, BEAT_MS);
      }
      i += beats + 2;
      written += beats + 2;
    }
  });
  while (written < shape.events) {
    batch(200_000);
    if (written >= nextLog) {
      log(`    ${(written / 1e6).toFixed(1)}M events`);
      nextLog += 1_000_000;
    }
  }
  return written;
}

/** The first index whose value is ≥ `r` in a non-decreasing list, or -1 (findIndex, in log time for 5,000 accounts). */
function firstAtLeast(sorted: number[], r: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= r) hi = mid;
    else lo = mid + 1;
  }
  return lo < sorted.length ? lo : -1;
}

/**
 * Build the rollups from the raw events: day × account × user × content, per-person progress and the
 * account awareness table. The reporting day uses the zone's offset (`offsetMinutes`; the bench runs in
 * Asia/Tokyo, which has no daylight saving time).
 */
export function buildRollups(db: Database.Database, offsetMinutes: number, engagedMs: number): void {
  const day = `date((at + ${offsetMinutes * 60_000}) / 1000, 'unixepoch')`;
  db.exec(`
    INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions)
    SELECT ${day}, account_id, user_id, content_key,
      sum(CASE WHEN kind = 'beat' THEN credit_ms ELSE 0 END), sum(CASE WHEN kind = 'video' THEN credit_ms ELSE 0 END),
      sum(kind = 'view'), 0, sum(kind = 'imp')
    FROM tracking_events GROUP BY 1, 2, 3, 4;
    INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, video_ms, covered_seconds, max_depth, first_impression_at, first_view_at, updated_at)
    SELECT user_id, content_key, account_id, sum(CASE WHEN kind = 'beat' THEN credit_ms ELSE 0 END), sum(CASE WHEN kind = 'video' THEN credit_ms ELSE 0 END),
      0, 0, min(CASE WHEN kind = 'imp' THEN at END), min(CASE WHEN kind = 'view' THEN at END), max(at)
    FROM tracking_events GROUP BY user_id, content_key;
    UPDATE tracking_progress SET first_engaged_at = updated_at WHERE active_ms + video_ms >= ${engagedMs};
    INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at)
    SELECT account_id, content_key, min(first_impression_at), min(first_view_at), min(first_engaged_at) FROM tracking_progress GROUP BY account_id, content_key;
    ANALYZE;
  `);
}

export function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
