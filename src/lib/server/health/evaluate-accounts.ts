import { getAccountFacts, type AccountFacts } from '../kpi/get-account-facts.ts';
import { memo, ormOf, type KpiContext } from '../kpi/kpi-context.ts';
import { listSuccessMarks } from '../stories/mark-success.ts';
import { computeHealthScore, median, type HealthScore } from './compute-health-score.ts';
import { decideStage, normalizeName, type StageResult } from './compute-stage.ts';
import { getAccountVoice } from '../kpi/get-account-voice.ts';
import { detectAlerts, type Alert } from './detect-alerts.ts';
import { computePyramidPosition } from './pyramid-position.ts';

export interface EvaluatedAccount extends AccountFacts {
  pyramidPosition: number;
  stage: StageResult;
  health: HealthScore;
  alerts: Alert[];
  segmentMedianMs: number;
}

/**
 * Stage, health score and alerts of every account (or one), as of the end of the current period.
 * The segment median is always taken over all accounts of the segment, also when one account is asked for,
 * so an account's score is the same on the list and on its own page.
 */
export function evaluateAccounts(ctx: KpiContext, accountId?: string): EvaluatedAccount[] {
  const all = memo(ctx, 'evaluated', () => evaluateAll(ctx));
  return accountId === undefined ? all : all.filter((a) => a.id === accountId);
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
  return all.map((a) => {
      const pyramidPosition = computePyramidPosition(a.levels, ctx.settings.pyramidPercent);
      const segmentMedianMs = medians.get(a.segment) ?? 0;
      return {
        ...a, pyramidPosition, segmentMedianMs,
        stage: decideStage({ ...a, ...voiceOf(a.id), pyramidPosition, marked: marked.has(a.id) }, today, customers, ctx.settings),
        health: computeHealthScore({ ...a, ...voiceOf(a.id), pyramidPosition, segmentMedianMs }, today, ctx.settings),
        alerts: detectAlerts(a, today, ctx.settings),
      };
    });
}
