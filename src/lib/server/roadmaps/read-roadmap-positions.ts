// Every account's roadmap position as the dashboards share it: the account evaluation (stage, alerts) and the
// roadmaps overview page read the same positions, computed once while nothing they come from changed.
import { readAudienceEpoch, identityOf, readRoadmapEpoch } from '../kpi/account-state-epoch.ts';
import { readAwarenessPairs, type AwarenessPairs } from '../kpi/awareness-pairs.ts';
import { accountsOf, type AccountRow, type KpiContext } from '../kpi/kpi-context.ts';
import { daysBetween } from '../kpi/period.ts';
import { reuseRecentRead } from '../kpi/reuse-recent-read.ts';
import { overdueBy } from './compute-roadmap-progress.ts';
import { getAccountRoadmaps, type AccountRoadmap } from './get-account-roadmaps.ts';

export interface RoadmapPosition {
  roadmap: AccountRoadmap;
  /** Actions overdue past the alert's grace days, and how late the latest of their stages is. */
  overdue?: { actions: number; days: number };
}

/**
 * Positions by account id as of the end of the context's current period, shared across requests while no
 * roadmap choice, tick or attendance (the roadmap epoch) nor account (the audience epoch) changed, and for
 * tracking by the rule of the reads they come from: an answer or a mark re-evaluates every account without
 * computing 5,000 positions again. Shared: callers must not change them.
 */
export function readRoadmapPositions(ctx: KpiContext): Map<string, RoadmapPosition> {
  const today = ctx.periods.current.to;
  const grace = ctx.settings.alertRoadmapOverdueDays;
  const scope = `${readRoadmapEpoch(ctx.db)}|${readAudienceEpoch(ctx.db)}|${identityOf(ctx.content)}|${today}|${grace}`;
  return reuseRecentRead(ctx, 'account-roadmap-positions', () => {
    // The awareness rows in memory give each content action's engagement (no query per roadmap item).
    const pairs = readAwarenessPairs(ctx);
    const accounts = accountsOf(ctx);
    // Under live ingest only the accounts whose awareness rows changed get a new map of pairs
    // (applyPairChanges); the others keep their position, as everything else it comes from is in the scope.
    const before = keptPositions.get(ctx.db);
    const same = before?.scope === scope && before.accounts === accounts;
    const todo = same ? accounts.filter((a) => pairs.get(a.id) !== before.pairs.get(a.id)) : accounts;
    if (same && todo.length === 0) return rememberPositions(ctx, scope, accounts, pairs, before.positions);
    const computed = getAccountRoadmaps(ctx.db, ctx.content, { today, accounts: todo, readTheirsOnly: same, engagedAt: (id, key) => pairs.get(id)?.get(key)?.engagedAt });
    const fresh = new Map(computed.map((roadmap) => {
      const late = overdueBy(roadmap.progress, today, grace);
      const latestDue = roadmap.progress.stages.find((st) => st.actions.some((x) => late.includes(x)))?.dueDate;
      return [roadmap.account.id, { roadmap, overdue: late.length ? { actions: late.length, days: latestDue ? daysBetween(latestDue, today) : 0 } : undefined }];
    }));
    const redone = new Set(todo);
    // In account order, as computed whole (the roadmaps overview lists roadmaps in the order it meets them).
    const positions = new Map<string, RoadmapPosition>();
    for (const a of accounts) {
      const position = redone.has(a) ? fresh.get(a.id) : before!.positions.get(a.id);
      if (position) positions.set(a.id, position);
    }
    return rememberPositions(ctx, scope, accounts, pairs, positions);
  }, scope);
}

/** The last positions per database, with what they were computed from (one entry: the newest). */
const keptPositions = new WeakMap<KpiContext['db'], { scope: string; accounts: AccountRow[]; pairs: AwarenessPairs; positions: Map<string, RoadmapPosition> }>();

function rememberPositions(ctx: KpiContext, scope: string, accounts: AccountRow[], pairs: AwarenessPairs, positions: Map<string, RoadmapPosition>): Map<string, RoadmapPosition> {
  keptPositions.set(ctx.db, { scope, accounts, pairs, positions });
  return positions;
}
