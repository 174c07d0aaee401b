// Every dashboard loader answers the same on PostgreSQL as on SQLite: the seeded demo database is copied
// into a fresh PostgreSQL database with db:copy's code, and each loader runs on both and must return exactly
// the same value (rows, order, numbers, nulls). A query that only works on one dialect, or that orders,
// groups or rounds differently on the other, fails here under the loader's name.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { createT } from '../../src/i18n/index.ts';
import { copyDatabase } from '../../src/lib/server/db-copy/copy-database.ts';
import { openCopyEndpoint } from '../../src/lib/server/db-copy/copy-endpoint.ts';
import { dialectOf } from '../../src/lib/server/db/dialect.ts';
import { getEngageView } from '../../src/lib/server/engage/get-engage-view.ts';
import { getSourceResults } from '../../src/lib/server/engage/get-source-results.ts';
import { listPlayRuns } from '../../src/lib/server/engage/list-play-runs.ts';
import { loadPlays } from '../../src/lib/content/plays.ts';
import { eventPeopleCsv } from '../../src/lib/server/events/event-people-csv.ts';
import { getPersonAchievements, getPyramidAchievements } from '../../src/lib/server/events/get-pyramid-achievements.ts';
import { listEventPeople } from '../../src/lib/server/events/list-event-people.ts';
import { listEventSummaries } from '../../src/lib/server/events/list-event-summaries.ts';
import { listEvents } from '../../src/lib/server/events/list-events.ts';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { listStoredAlerts } from '../../src/lib/server/health/record-alerts.ts';
import { syncAlerts } from '../../src/lib/server/health/sync-alerts.ts';
import { getAccountTimeline } from '../../src/lib/server/kpi/get-account-timeline.ts';
import { getAnnouncementReach } from '../../src/lib/server/kpi/get-announcement-reach.ts';
import { getAwarenessByChannel } from '../../src/lib/server/kpi/get-awareness-by-channel.ts';
import { getAwarenessByItemChannel } from '../../src/lib/server/kpi/get-awareness-by-item-channel.ts';
import { loadKpiContent } from '../../src/lib/server/kpi/kpi-content.ts';
import type { KpiContext } from '../../src/lib/server/kpi/kpi-context.ts';
import { getKpiSettings } from '../../src/lib/server/kpi/kpi-service.ts';
import { buildTable, TABLE_IDS, TEAM_TABLES } from '../../src/lib/server/kpi/kpi-tables.ts';
import { resolvePeriod } from '../../src/lib/server/kpi/period.ts';
import { forgetRecentReads } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { getAccountView } from '../../src/lib/server/kpi/views/account-view.ts';
import { getAccountsView } from '../../src/lib/server/kpi/views/accounts-view.ts';
import { getAlertsView } from '../../src/lib/server/kpi/views/alerts-view.ts';
import { getAwarenessView } from '../../src/lib/server/kpi/views/awareness-view.ts';
import { getFeedbackView } from '../../src/lib/server/kpi/views/feedback-view.ts';
import { getOverviewView } from '../../src/lib/server/kpi/views/overview-view.ts';
import { getSurveysView } from '../../src/lib/server/kpi/views/surveys-view.ts';
import { getViewingView } from '../../src/lib/server/kpi/views/viewing-view.ts';
import { getVolumeView } from '../../src/lib/server/kpi/views/volume-view.ts';
import { countFinishedStages } from '../../src/lib/server/roadmaps/count-finished-stages.ts';
import { findOverdueRoadmapActions } from '../../src/lib/server/roadmaps/find-overdue-roadmap-actions.ts';
import { getAccountRoadmaps } from '../../src/lib/server/roadmaps/get-account-roadmaps.ts';
import { getRoadmapOverview } from '../../src/lib/server/roadmaps/get-roadmap-overview.ts';
import { listSuccessMarks } from '../../src/lib/server/stories/mark-success.ts';
import { listStories } from '../../src/lib/server/stories/list-stories.ts';
import { findDueSurveys } from '../../src/lib/server/surveys/find-due-surveys.ts';
import { createFixture, type Fixture } from '../support/kpi-fixture.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';

const NOW = Date.now();
const content = loadKpiContent(ROOT);
const settings = getKpiSettings();
const t = createT('en');
let dir: string;
const sides: Record<'sqlite' | 'pg', Db> = {} as Record<'sqlite' | 'pg', Db>;

/** A fresh PostgreSQL database holding what the SQLite file holds, copied and verified by db:copy's code. */
async function copyToPostgres(file: string, prefix: string): Promise<string> {
  const url = await createTestDatabase(inject('pgUrl'), prefix);
  const source = await openCopyEndpoint(file, 'source', ROOT, () => null);
  const target = await openCopyEndpoint(url, 'target', ROOT, () => null);
  try {
    expect((await copyDatabase(source, target)).verified).toBe(true);
  } finally {
    await source.close();
    await target.close();
  }
  return url;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-kpi-parity-'));
  const file = join(dir, 'demo.sqlite');
  copyFileSync(inject('demoDbPath'), file);
  const url = await copyToPostgres(file, 'kpi_parity');
  sides.sqlite = openDatabase(file, ROOT);
  sides.pg = openDatabase(url, ROOT);
}, 120_000);

afterAll(() => {
  for (const db of Object.values(sides)) db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function ctxOf(db: Db, period: '7' | '30' | '90' = '30'): KpiContext {
  return { db: db.$client, content, settings, periods: resolvePeriod({ period }, settings.timeZone, NOW) };
}

/** What the demo holds, read once from SQLite: the ids the per-account and per-source loaders are asked for. */
function demoIds() {
  const c = sides.sqlite.$client;
  return {
    accounts: (c.prepare(`SELECT id FROM accounts ORDER BY id`).all() as { id: string }[]).map((r) => r.id),
    customers: c.prepare(`SELECT id, role, account_id AS accountId, locale FROM users WHERE account_id IS NOT NULL ORDER BY id`).all() as { id: string; role: string; accountId: string; locale: string }[],
    announcements: content.items.filter((i) => i.type === 'announcement').map((i) => i.key),
    plays: loadPlays(ROOT).plays.map((p) => p.key),
    events: listEvents(content).map((e) => e.key),
  };
}

/**
 * A value as plain data to compare: Maps (lookups, their order is never shown) as entries sorted by key,
 * Sets sorted, functions (a table column's link) by their text; arrays and objects keep their order.
 */
function plain(v: unknown): unknown {
  const sorted = (e: [unknown, unknown][]) => e.sort(([x], [y]) => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0));
  if (typeof v === 'function') return `function ${String(v)}`;
  if (v instanceof Map) return { map: sorted([...v.entries()]).map(([k, x]) => [k, plain(x)]) };
  if (v instanceof Set) return { set: [...v].map(plain).sort() };
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Array.from(v as unknown as ArrayLike<number>) };
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Run `load` on both backends: the PostgreSQL answer must be exactly the SQLite one (values, order, types). */
async function same(load: (db: Db) => unknown, pair: Record<'sqlite' | 'pg', Db> = sides): Promise<unknown> {
  const sqlite = await load(pair.sqlite);
  const pg = await load(pair.pg);
  expect(dialectOf(pair.pg)).toBe('pg');
  // Strict: the same keys (also ones set to undefined), types and numbers (-0 is not 0).
  expect(plain(pg)).toStrictEqual(plain(sqlite));
  return sqlite;
}

describe('KPI dashboards on PostgreSQL and on SQLite', () => {
  it('the copy holds the demo: accounts, people, tracking and answers', () => {
    const ids = demoIds();
    expect(ids.accounts.length).toBeGreaterThan(2);
    expect(ids.customers.length).toBeGreaterThan(3);
    expect(ids.announcements.length).toBeGreaterThan(0);
    for (const table of ['tracking_daily', 'tracking_progress', 'tracking_account_awareness', 'survey_responses', 'item_feedback', 'engage_sends']) {
      const n = (db: Db) => Number((db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
      expect(n(sides.pg), table).toBe(n(sides.sqlite));
      expect(n(sides.sqlite), table).toBeGreaterThan(0);
    }
  });

  for (const period of ['7', '30', '90'] as const) {
    it(`overview (${period} days)`, async () => {
      const v = (await same((db) => getOverviewView(ctxOf(db, period)))) as { viewing: { current: { viewingMs: number } } };
      if (period !== '7') expect(v.viewing.current.viewingMs).toBeGreaterThan(0);
    });
  }
  it('viewing time (day and week buckets)', async () => {
    await same((db) => getViewingView(ctxOf(db), 'day'));
    await same((db) => getViewingView(ctxOf(db, '90'), 'week'));
  });
  it('volume', async () => {
    // The git trend is shown once `git blame` is done (1.5 s at most per request): wait for it, as a reload would.
    for (let i = 0; i < 40 && (await getVolumeView(ctxOf(sides.sqlite), t)).git === 'pending'; i++) await new Promise((r) => setTimeout(r, 500));
    const v = (await same((db) => getVolumeView(ctxOf(db), t))) as { git: unknown };
    expect(v.git).not.toBe('pending');
  });
  it('awareness: summary, by item, by channel', async () => {
    await same((db) => getAwarenessView(ctxOf(db)));
    await same((db) => getAwarenessByItemChannel(ctxOf(db)));
    await same((db) => getAwarenessByChannel(ctxOf(db)));
    await same((db) => getAnnouncementReach(ctxOf(db)));
  });
  it('accounts: list, evaluation (stage, health, alerts, roadmap), cold and shared', async () => {
    await same((db) => getAccountsView(ctxOf(db), t));
    await same((db) => {
      forgetRecentReads(db.$client);
      return evaluateAccounts(ctxOf(db, '90'));
    });
  });
  it('one account: page, timeline and team tables of every account', async () => {
    for (const id of demoIds().accounts) {
      await same((db) => getAccountView(ctxOf(db), id, t));
      await same((db) => getAccountTimeline(ctxOf(db), id));
      for (const table of TEAM_TABLES) await same((db) => buildTable(table, ctxOf(db), { accountId: id }));
    }
  });
  it('every staff table (the CSV exports and the API)', async () => {
    for (const table of TABLE_IDS) await same((db) => buildTable(table, ctxOf(db), { accountId: table.startsWith('account-') ? demoIds().accounts[0] : undefined }));
  });
  it('alerts: view, recorded alerts after an evaluation', async () => {
    // Alerts the view records now start at the moment each backend recorded them.
    const recordedNow = (v: unknown) => JSON.parse(JSON.stringify(v), (k, x) => (k === 'startedAt' && typeof x === 'number' && x >= NOW ? 'now' : x));
    await same(async (db) => recordedNow(await getAlertsView(ctxOf(db), t)));
    await same((db) => {
      syncAlerts(ctxOf(db));
      return recordedNow(listStoredAlerts(db.$client));
    });
  });
  it('engage view, source results and play runs', async () => {
    const ids = demoIds();
    await same((db) => getEngageView(db, ROOT, 'ja', {}, NOW));
    for (const key of ids.announcements) {
      await same((db) => getSourceResults(db, 'announcement', key));
      await same((db) => getEngageView(db, ROOT, 'en', { results: `announcement:${key}` }, NOW).results);
    }
    for (const key of ids.plays) {
      await same((db) => getSourceResults(db, 'play', key));
      await same((db) => getEngageView(db, ROOT, 'ja', { results: `play:${key}`, dry: key }, NOW));
    }
    await same((db) => listPlayRuns(db, ids.plays));
  });
  it('roadmaps: overview, overdue actions, finished stages', async () => {
    const today = ctxOf(sides.sqlite).periods.current.to;
    await same((db) => getRoadmapOverview(getAccountRoadmaps(db.$client, content, { today })));
    await same((db) => findOverdueRoadmapActions(db.$client, content, today));
    for (const id of demoIds().accounts) await same((db) => countFinishedStages(db.$client, id, today));
  });
  it('events: summaries, people, CSV, pyramid achievements', async () => {
    const ids = demoIds();
    await same((db) => listEventSummaries(db.$client, content));
    for (const key of ids.events) {
      await same((db) => listEventPeople(db.$client, key));
      await same((db) => eventPeopleCsv(db.$client, key, t));
    }
    await same((db) => getPyramidAchievements(db.$client));
    for (const u of ids.customers) await same((db) => getPersonAchievements(db.$client, u.id, u.accountId));
  });
  it('surveys: results and what each person is asked', async () => {
    await same((db) => getSurveysView(ctxOf(db)));
    await same((db) => getSurveysView(ctxOf(db, '90')));
    for (const u of demoIds().customers) {
      const viewer = { userId: u.id, role: u.role, accountId: u.accountId } as Parameters<typeof findDueSurveys>[1];
      await same((db) => findDueSurveys(db, viewer, NOW));
    }
  });
  it('feedback: per item and comments', async () => {
    await same((db) => getFeedbackView(ctxOf(db), { withAccount: true }));
    await same((db) => getFeedbackView(ctxOf(db), { withAccount: false }));
  });
  it('stories and success marks', async () => {
    await same((db) => listStories(db));
    await same((db) => listSuccessMarks(db));
  });
});

// The unit tests' hand-countable world (tests/support/kpi-fixture.ts): edge cases the demo may not hold (staff
// rows with no account, a row after the period, 23:59:59 in Tokyo, a segment-only webinar), on both backends.
describe('the KPI unit fixture on PostgreSQL and on SQLite', () => {
  let fixture: Fixture;
  const pair = {} as Record<'sqlite' | 'pg', Db>;
  beforeAll(async () => {
    fixture = createFixture();
    pair.sqlite = fixture.db;
    pair.pg = openDatabase(await copyToPostgres(fixture.db.$client.name, 'kpi_fixture'), ROOT);
  }, 120_000);
  afterAll(() => {
    pair.pg?.$client.close();
    fixture?.close();
  });
  /** The fixture's context (its content, settings and fixed now) over either side's connection. */
  const on = (db: Db, period: '7' | '30' | '90' = '7') => ({ ...fixture.ctx({ period }), db: db.$client });

  for (const period of ['7', '30', '90'] as const) {
    it(`overview, viewing, awareness and accounts (${period} days)`, async () => {
      const o = (await same((db) => getOverviewView(on(db, period)), pair)) as { viewing: { current: { viewingMs: number } } };
      expect(o.viewing.current.viewingMs).toBeGreaterThan(0);
      await same((db) => getViewingView(on(db, period), 'day'), pair);
      await same((db) => getAwarenessView(on(db, period)), pair);
      await same((db) => getAccountsView(on(db, period), t), pair);
      await same((db) => getSurveysView(on(db, period)), pair);
      await same((db) => getFeedbackView(on(db, period), { withAccount: true }), pair);
    });
  }
  it('every table, and each account', async () => {
    for (const table of TABLE_IDS) await same((db) => buildTable(table, on(db), { accountId: table.startsWith('account-') ? 'alpha' : undefined }), pair);
    for (const id of ['alpha', 'beta', 'gamma', 'delta']) {
      await same((db) => getAccountView(on(db), id, t), pair);
      for (const table of TEAM_TABLES) await same((db) => buildTable(table, on(db), { accountId: id }), pair);
    }
  });
});
