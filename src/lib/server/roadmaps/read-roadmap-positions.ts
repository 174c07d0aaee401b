// Every account's roadmap position as the dashboards share it: the account evaluation (stage, alerts) and the
// roadmaps overview page read the same positions, computed once while nothing they come from changed.
import { readAudienceEpoch, identityOf, readRoadmapEpoch } from '../kpi/account-state-epoch.ts';
import { readAwarenessPairs } from '../kpi/awareness-pairs.ts';
import { accountsOf, type KpiContext } from '../kpi/kpi-context.ts';
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
    const all = getAccountRoadmaps(ctx.db, ctx.content, { today, accounts: accountsOf(ctx), engagedAt: (id, key) => pairs.get(id)?.get(key)?.engagedAt });
    return new Map(all.map((roadmap) => {
      const late = overdueBy(roadmap.progress, today, grace);
      const latestDue = roadmap.progress.stages.find((st) => st.actions.some((x) => late.includes(x)))?.dueDate;
      return [roadmap.account.id, { roadmap, overdue: late.length ? { actions: late.length, days: latestDue ? daysBetween(latestDue, today) : 0 } : undefined }];
    }));
  }, scope);
}
