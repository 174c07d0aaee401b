import { audienceOf, endOfDay, pairKey, readAwarenessPairs } from './awareness-pairs.ts';
import { accountsOf, memo, prepared, VIEWING_MS, type AccountRow, type KpiContext } from './kpi-context.ts';
import { isCoreItem } from './kpi-content.ts';
import { addDays } from './period.ts';
import { CORE_TYPES } from '../tracking/pyramid.ts';

/** The measured facts about one account that stage, health score and alerts are computed from. */
export interface AccountFacts extends AccountRow {
  people: number;
  /** Last day with viewing time (reporting time zone), or null when never active. */
  lastActiveDay: string | null;
  viewingMs: number;
  previousMs: number;
  /** Viewing time of the 14 days up to the end of the period (onboarding alert). */
  last14Ms: number;
  /** People with viewing time in the 30 days up to the end of the period. */
  activeUsers30: number;
  /** Per level 1–5: core items meant for the account and those somebody in it covered (engaged with). */
  levels: { level: number; meantFor: number; viewed: number }[];
  /** Share of the content meant for the account that it knows, percent (null when nothing is meant for it). */
  awarenessPercent: number | null;
}

const VIEWING_SQL = `SELECT d.account_id AS accountId,
  sum(CASE WHEN d.day BETWEEN @from AND @to THEN ${VIEWING_MS} ELSE 0 END) AS viewingMs,
  sum(CASE WHEN d.day BETWEEN @prevFrom AND @prevTo THEN ${VIEWING_MS} ELSE 0 END) AS previousMs,
  sum(CASE WHEN d.day BETWEEN @from14 AND @to THEN ${VIEWING_MS} ELSE 0 END) AS last14Ms,
  count(DISTINCT CASE WHEN d.day BETWEEN @from30 AND @to AND (d.active_ms > 0 OR d.video_ms > 0) THEN d.user_id END) AS activeUsers30
  FROM tracking_daily d WHERE d.account_id <> '' AND d.day BETWEEN min(@prevFrom, @from30) AND @to`;
// Walks the (account, day) index backwards and stops at the first day with viewing time.
const LAST_ACTIVE_SQL = `SELECT day FROM tracking_daily WHERE account_id = ? AND day <= ? AND (active_ms > 0 OR video_ms > 0) ORDER BY day DESC LIMIT 1`;
const PEOPLE_SQL = `SELECT account_id AS accountId, count(*) AS people FROM users
  WHERE disabled_at IS NULL AND role IN ('customer', 'customer-admin') AND account_id IS NOT NULL GROUP BY account_id`;

/** Facts per account, as of the end of the current period. */
export function getAccountFacts(ctx: KpiContext, accountId?: string): AccountFacts[] {
  return memo(ctx, `facts-${accountId ?? ''}`, () => readFacts(ctx, accountId));
}

function readFacts(ctx: KpiContext, accountId?: string): AccountFacts[] {
  const { current, previous } = ctx.periods;
  const to = current.to;
  const sql = `${VIEWING_SQL}${accountId === undefined ? '' : ' AND d.account_id = @accountId'} GROUP BY d.account_id`;
  const args = { from: current.from, to, prevFrom: previous.from, prevTo: previous.to, from14: addDays(to, -13), from30: addDays(to, -29), ...(accountId === undefined ? {} : { accountId }) };
  const viewing = new Map(
    (prepared(ctx.db, sql).all(args) as { accountId: string; viewingMs: number; previousMs: number; last14Ms: number; activeUsers30: number }[]).map(
      (r) => [r.accountId, r],
    ),
  );
  const people = new Map((prepared(ctx.db, PEOPLE_SQL).all() as { accountId: string; people: number }[]).map((r) => [r.accountId, r.people]));
  const asOf = endOfDay(ctx, to);
  const pairs = readAwarenessPairs(ctx, accountId);
  const items = ctx.content.items.filter((i) => isCoreItem(i) && i.publishedAt.getTime() < asOf);
  const audiences = new Map(items.map((i) => [i.key, new Set(audienceOf(ctx, i).map((x) => x.id))]));
  return accountsOf(ctx, accountId).map((a) => {
    const v = viewing.get(a.id);
    const last = prepared(ctx.db, LAST_ACTIVE_SQL).get(a.id, to) as { day: string } | undefined;
    const levels = [1, 2, 3, 4, 5].map((level) => ({ level, meantFor: 0, viewed: 0 }));
    let meantFor = 0;
    let known = 0;
    for (const item of items) {
      if (!audiences.get(item.key)!.has(a.id)) continue;
      meantFor += 1;
      const l = levels[item.level - 1]!;
      if (CORE_TYPES.includes(item.type)) l.meantFor += 1;
      const p = pairs.get(pairKey(a.id, item.key));
      if (p && p.awareAt < asOf) known += 1;
      if (CORE_TYPES.includes(item.type) && p?.engagedAt != null && p.engagedAt < asOf) l.viewed += 1;
    }
    return {
      ...a, people: people.get(a.id) ?? 0, lastActiveDay: last?.day ?? null, viewingMs: v?.viewingMs ?? 0, previousMs: v?.previousMs ?? 0,
      last14Ms: v?.last14Ms ?? 0, activeUsers30: v?.activeUsers30 ?? 0, levels, awarenessPercent: meantFor ? (known / meantFor) * 100 : null,
    };
  });
}
