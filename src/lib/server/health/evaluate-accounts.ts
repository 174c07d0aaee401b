import { getAccountFacts, type AccountFacts } from '../kpi/get-account-facts.ts';
import { memo, ormOf, type KpiContext } from '../kpi/kpi-context.ts';
import { fingerprintOf, identityOf, readAccountStateEpoch } from '../kpi/account-state-epoch.ts';
import { reuseRecentRead } from '../kpi/reuse-recent-read.ts';
import { listSuccessMarks } from '../stories/mark-success.ts';
import { computeHealthScore, median, type HealthScore } from './compute-health-score.ts';
import { decideStage, normalizeName, type StageResult } from './compute-stage.ts';
import { getAccountVoice } from '../kpi/get-account-voice.ts';
import { detectAlerts, type Alert } from './detect-alerts.ts';
import { computePyramidPosition } from './pyramid-position.ts';
import type { AccountRoadmap } from '../roadmaps/get-account-roadmaps.ts';
import { readRoadmapPositions } from '../roadmaps/read-roadmap-positions.ts';
import { getPyramidAchievements, type PyramidAchievements } from '../events/get-pyramid-achievements.ts';

export interface EvaluatedAccount extends AccountFacts {
  pyramidPosition: number;
  stage: StageResult;
  health: HealthScore;
  alerts: Alert[];
  segmentMedianMs: number;
  /** Position on the roadmap that applies (null when no roadmap applies). */
  roadmap: AccountRoadmap | null;
  /** Attendance and presented success behind pyramid levels 4–5. */
  achievements: PyramidAchievements;
}

/**
 * Stage, health score and alerts of every account (or one), as of the end of the current period.
 * The segment median is always taken over all accounts of the segment, also when one account is asked for,
 * so an account's score is the same on the list and on its own page.
 *
 * Every dashboard page needs all accounts evaluated (a third of a second at 10M events and 2,000 accounts),
 * so one evaluation is shared by the requests that follow it: exactly while nothing it reads besides
 * tracking changed (the account state epoch: a mark, an answer or a tick shows on the next load), and for
 * tracking the same rule as the rollup reads it is built from (reused while unchanged, else for ≤ 2 s).
 * The result is shared: callers get their own array and must not change the rows.
 */
export function evaluateAccounts(ctx: KpiContext, accountId?: string): EvaluatedAccount[] {
  const all = memo(ctx, 'evaluated', () => {
    const scope = `${readAccountStateEpoch(ctx.db)}|${identityOf(ctx.content)}|${fingerprintOf(ctx.settings)}|${JSON.stringify(ctx.periods)}`;
    return reuseRecentRead(ctx, 'evaluated-accounts', () => evaluateAll(ctx), scope);
  });
  return accountId === undefined ? [...all] : all.filter((a) => a.id === accountId);
}

function evaluateAll(ctx: KpiContext): EvaluatedAccount[] {
  const all = getAccountFacts(ctx);
  const medians = new Map<string, number>();
  for (const seg of new Set(all.map((a) => a.segment))) medians.set(seg, median(all.filter((a) => a.segment === seg).map((a) => a.viewingMs)));
  // Stage A set by hand on the account page (with the reason), besides the case-study customers.
  const marked = new Set(listSuccessMarks(ormOf(ctx.db)).map((m) => m.accountId));
  const customers = new Set(ctx.content.items.filter((i) => i.type === 'case-study' && i.customer).map((i) => normalizeName(i.customer!)));
  const today = ctx.periods.current.to;
  const voiceOf = getAccountVoice(ctx);
  const roadmaps = readRoadmapPositions(ctx);
  const doing = getPyramidAchievements(ctx.db);
  const s = ctx.settings;
  return all.map((a) => {
      const achievements = doing.get(a.id) ?? { events: [], presented: null };
      const pyramidPosition = computePyramidPosition(a.levels, s.pyramidPercent, { eventsAttended: achievements.events.length, presented: achievements.presented !== null }, s.pyramidCommunityEvents);
      const segmentMedianMs = medians.get(a.segment) ?? 0;
      const position = roadmaps.get(a.id);
      const roadmap = position?.roadmap ?? null;
      const roadmapOverdue = position?.overdue;
      return {
        ...a, pyramidPosition, segmentMedianMs, roadmap, achievements,
        stage: decideStage({ ...a, ...voiceOf(a.id), pyramidPosition, marked: marked.has(a.id) }, today, customers, s),
        health: computeHealthScore({ ...a, ...voiceOf(a.id), pyramidPosition, segmentMedianMs }, today, s),
        alerts: detectAlerts({ ...a, roadmapOverdue }, today, s),
      };
    });
}
