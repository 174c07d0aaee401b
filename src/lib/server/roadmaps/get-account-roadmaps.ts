import { dialectOf, jsonEach } from '../db/dialect.ts';
import type Database from 'better-sqlite3';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { listActiveAccounts, prepared, type AccountRow } from '../kpi/kpi-context.ts';
import { chooseRoadmap, type RoadmapChoice } from './choose-roadmap.ts';
import { computeRoadmapProgress, type DoneRecord, type RoadmapProgress } from './compute-roadmap-progress.ts';
import type { RoadmapPlan } from './roadmap-plan.ts';

export interface AccountRoadmap {
  account: AccountRow;
  why: RoadmapChoice['why'];
  progress: RoadmapProgress;
}

/** Roadmap plans of the published content. */
export function listRoadmapPlans(content: KpiContent): RoadmapPlan[] {
  return content.items.flatMap((i) => (i.roadmap ? [i.roadmap] : []));
}

/**
 * Every active account's (or one account's) position on the roadmap that applies to it, as of `today`.
 * `content` and `event` actions are recomputed from tracking and attendance; what they newly find is stored
 * (who = null, when = the last engagement or the attendance), so a done action stays done and is dated.
 */
export function getAccountRoadmaps(
  db: Database.Database, content: KpiContent,
  opts: {
    today: string;
    accountId?: string;
    engagedAt?: (accountId: string, key: string) => number | null | undefined;
    /** The active accounts, when the caller has them already (dashboards). */
    accounts?: AccountRow[];
    /** `accounts` are a few of them (those whose tracking changed): read only their choices, ticks and attendance. */
    readTheirsOnly?: boolean;
    /** Names of the people who ticked (pages showing one account); dashboards need none. */
    withNames?: boolean;
  },
): AccountRoadmap[] {
  const plans = listRoadmapPlans(content);
  if (plans.length === 0) return [];
  const accounts = opts.accounts ?? listActiveAccounts(db, opts.accountId);
  const ids = opts.accountId !== undefined ? [opts.accountId] : opts.readTheirsOnly ? accounts.map((a) => a.id) : undefined;
  if (ids?.length === 0) return [];
  const overrides = readOverrides(db, ids);
  const chosen = accounts.flatMap((a) => {
    const c = chooseRoadmap(plans, a, overrides.get(a.id));
    return c ? [{ account: a, choice: c }] : [];
  });
  const records = readRecords(db, ids, opts.withNames ?? opts.accountId !== undefined);
  // Dashboards pass the awareness pairs they already hold in memory; other callers read just the roadmap items.
  const engaged = opts.engagedAt ? null : readEngaged(db, plans, opts.accountId);
  const engagedAt = (accountId: string, key: string) => (opts.engagedAt ? (opts.engagedAt(accountId, key) ?? undefined) : engaged!.get(`${accountId}\u0000${key}`));
  const attended = readAttendance(db, ids);
  const fresh: { accountId: string; roadmapKey: string; actionId: string; how: 'content' | 'event'; at: number }[] = [];
  const out = chosen.map(({ account, choice }) => {
    const key = `${account.id}\u0000${choice.plan.key}`;
    const done = records.get(key) ?? new Map<string, DoneRecord>();
    for (const action of choice.plan.stages.flatMap((s) => s.actions)) {
      if (done.has(action.id)) continue;
      let at: number | null = null;
      if (action.done === 'content') {
        const times = action.items.map((k) => engagedAt(account.id, k));
        if (times.every((t) => t !== undefined)) at = Math.max(...(times as number[]));
      } else if (action.done === 'event') {
        const mine = attended.get(account.id) ?? [];
        const hit = mine.filter((r) => action.event === undefined || r.eventKey === action.event).sort((x, y) => x.at - y.at)[0];
        if (hit) at = hit.at;
      }
      if (at === null) continue;
      done.set(action.id, { how: action.done as 'content' | 'event', at, by: null });
      fresh.push({ accountId: account.id, roadmapKey: choice.plan.key, actionId: action.id, how: action.done as 'content' | 'event', at });
    }
    return { account, why: choice.why, progress: computeRoadmapProgress(choice.plan, account.contractStart, opts.today, done) };
  });
  if (fresh.length) storeComputed(db, fresh);
  return out;
}

/**
 * The condition on an account id column for every account (none), one (an index lookup) or a few (a list:
 * the accounts whose tracking changed since the positions were computed), and its parameters.
 */
function ofAccounts(db: Database.Database, column: string, ids: string[] | undefined): { where: string; params: string[] } {
  if (ids === undefined) return { where: '', params: [] };
  if (ids.length === 1) return { where: `${column} = ?`, params: ids };
  return { where: `${column} IN (SELECT value FROM ${jsonEach(dialectOf(db), '?')})`, params: [JSON.stringify(ids)] };
}

function readOverrides(db: Database.Database, ids: string[] | undefined): Map<string, string> {
  const only = ofAccounts(db, 'account_id', ids);
  const rows = prepared(db, `SELECT account_id AS accountId, roadmap_key AS roadmapKey FROM account_roadmaps${only.where && ` WHERE ${only.where}`}`).all(...only.params) as { accountId: string; roadmapKey: string }[];
  return new Map(rows.map((r) => [r.accountId, r.roadmapKey]));
}

function readRecords(db: Database.Database, ids: string[] | undefined, withNames: boolean): Map<string, Map<string, DoneRecord>> {
  const only = ofAccounts(db, 'p.account_id', ids);
  const rows = prepared(db, `SELECT p.account_id AS accountId, p.roadmap_key AS roadmapKey, p.action_id AS actionId, p.how, p.done_at AS at, p.done_by AS by, ${withNames ? 'u.name' : 'NULL'} AS byName, p.note
    FROM roadmap_progress p${withNames ? ' LEFT JOIN users u ON u.id = p.done_by' : ''}${only.where && ` WHERE ${only.where}`}`).all(...only.params) as (DoneRecord & { accountId: string; roadmapKey: string; actionId: string })[];
  const out = new Map<string, Map<string, DoneRecord>>();
  for (const r of rows) {
    const key = `${r.accountId}\u0000${r.roadmapKey}`;
    let m = out.get(key);
    if (!m) out.set(key, (m = new Map()));
    m.set(r.actionId, { how: r.how, at: r.at, by: r.by, byName: r.byName, note: r.note });
  }
  return out;
}

/** First engagement per account × roadmap item (the awareness rollup keeps it per account already). */
function readEngaged(db: Database.Database, plans: RoadmapPlan[], accountId?: string): Map<string, number> {
  const keys = [...new Set(plans.flatMap((p) => p.stages.flatMap((s) => s.actions.flatMap((a) => (a.done === 'content' ? a.items : [])))))];
  if (keys.length === 0) return new Map();
  const st = db.prepare(`SELECT account_id AS accountId, content_key AS contentKey, first_engaged_at AS at FROM tracking_account_awareness
    WHERE first_engaged_at IS NOT NULL AND content_key IN (SELECT value FROM ${jsonEach(dialectOf(db), '?')})${accountId === undefined ? '' : ' AND account_id = ?'}`);
  const rows = (accountId === undefined ? st.all(JSON.stringify(keys)) : st.all(JSON.stringify(keys), accountId)) as { accountId: string; contentKey: string; at: number }[];
  return new Map(rows.map((r) => [`${r.accountId}\u0000${r.contentKey}`, r.at]));
}

function readAttendance(db: Database.Database, ids: string[] | undefined): Map<string, { eventKey: string; at: number }[]> {
  const only = ofAccounts(db, 'account_id', ids);
  const rows = prepared(db, `SELECT account_id AS accountId, event_key AS eventKey, min(marked_at) AS at FROM event_attendance${only.where && ` WHERE ${only.where}`} GROUP BY account_id, event_key`).all(...only.params) as { accountId: string; eventKey: string; at: number }[];
  const out = new Map<string, { eventKey: string; at: number }[]>();
  for (const r of rows) out.set(r.accountId, [...(out.get(r.accountId) ?? []), { eventKey: r.eventKey, at: r.at }]);
  return out;
}

function storeComputed(db: Database.Database, rows: { accountId: string; roadmapKey: string; actionId: string; how: 'content' | 'event'; at: number }[]): void {
  const insert = prepared(db, `INSERT INTO roadmap_progress (account_id, roadmap_key, action_id, how, done_at, done_by) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING`);
  db.transaction(() => {
    for (const r of rows) insert.run(r.accountId, r.roadmapKey, r.actionId, r.how, r.at);
  })();
}
