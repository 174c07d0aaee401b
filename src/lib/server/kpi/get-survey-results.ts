import { and, isNotNull, sql } from 'drizzle-orm';
import { surveyResponses } from '../../../../db/schema/index.ts';
import type { Survey } from '../../../schemas/survey.ts';
import { closesPerAccount, surveyRound } from '../surveys/survey-round.ts';
import { getAccountRoadmaps } from '../roadmaps/get-account-roadmaps.ts';
import { stagesFinishedAt } from '../roadmaps/stages-finished-at.ts';
import { addDays, startOfDayInZone } from './period.ts';
import { netPromoterScore } from './get-account-voice.ts';
import { accountsOf, ormOf, type KpiContext } from './kpi-context.ts';
import { fingerprintOf, identityOf, readAccountStateEpoch, readAudienceEpoch, readVoiceEpoch } from './account-state-epoch.ts';
import { reuseRecentRead, reuseWhileUnchanged } from './reuse-recent-read.ts';

export interface SurveyResponseRow {
  key: string;
  title: string;
  /** Active accounts for which a round of the survey is due on the period's last day. */
  accountsAsked: number;
  /** Of those, accounts with at least one submitted answer to that (their current) round. */
  accountsAnswered: number;
  /** accountsAnswered / accountsAsked × 100; null when nobody is asked yet. */
  responseRatePercent: number | null;
  /** Submitted answers to the current rounds (people; one per account for per-account surveys). */
  answers: number;
}

export interface SegmentNpsRow {
  segment: string;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * Response rate per published survey as of the period's last day: of the accounts a round is due for, how
 * many answered that round. Answers submitted after the period's end are not counted. A survey asked
 * `afterRoadmapStage` is due for an account only once it had finished that stage by the period's end (as
 * the survey card appears), so accounts still on an earlier stage are not counted as asked.
 */
export function getSurveyResponseRates(ctx: KpiContext, surveys: Survey[]): SurveyResponseRow[] {
  // Answers and accounts bump the account state epoch; the roadmap stages read for `afterRoadmapStage`
  // move with tracking, which reuseRecentRead follows (read again at most every 2 s while it is written).
  const scope = `${readAccountStateEpoch(ctx.db)}|${fingerprintOf(surveys)}|${identityOf(ctx.content)}|${JSON.stringify(ctx.periods.current)}|${ctx.settings.timeZone}`;
  return reuseRecentRead(ctx, 'survey-response-rates', () => {
    const to = ctx.periods.current.to;
    const endMs = startOfDayInZone(addDays(to, 1), ctx.settings.timeZone);
    // Answers counted per survey, round and account: one pass over the rows, then a lookup per account.
    const counts = new Map<string, number>();
    const slot = (key: string, round: number, accountId: string) => `${key}\u0000${round}\u0000${accountId}`;
    const submitted = ormOf(ctx.db)
      .select({ key: surveyResponses.surveyKey, round: surveyResponses.round, accountId: surveyResponses.accountId, at: surveyResponses.submittedAt })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} < ${endMs}`))
      .all();
    for (const r of submitted) {
      const k = slot(r.key, r.round, r.accountId!);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Roadmap positions only when a survey waits for a stage (they cost a pass over the progress rows).
    const byStage = surveys.some((s) => s.due.afterRoadmapStage !== undefined)
      ? new Map(getAccountRoadmaps(ctx.db, ctx.content, { today: to, accounts: accountsOf(ctx) }).map((r) => [r.account.id, r.progress]))
      : null;
    return surveys.map((survey) => {
      let asked = 0;
      let answeredAccounts = 0;
      let answers = 0;
      const stage = survey.due.afterRoadmapStage;
      for (const a of accountsOf(ctx)) {
        const round = surveyRound(survey, a.contractStart, to);
        if (round === null) continue;
        if (stage !== undefined) {
          const finished = stagesFinishedAt(byStage!.get(a.id), stage);
          if (finished === null || finished >= endMs) continue;
        }
        asked++;
        const mine = counts.get(slot(survey.key, round, a.id)) ?? 0;
        if (mine) answeredAccounts++;
        answers += closesPerAccount(survey) ? Math.min(1, mine) : mine;
      }
      return {
        key: survey.key, title: survey.title.ja, accountsAsked: asked, accountsAnswered: answeredAccounts,
        responseRatePercent: asked ? Math.round((answeredAccounts / asked) * 1000) / 10 : null, answers,
      };
    });
  }, scope);
}

/** NPS by account segment over each person's latest NPS answer of the 365 days up to the period's end. */
export function getNpsBySegment(ctx: KpiContext): SegmentNpsRow[] {
  const endMs = startOfDayInZone(addDays(ctx.periods.current.to, 1), ctx.settings.timeZone);
  // Kept until an answer (the voice epoch) or an account's segment (the audience epoch) changes.
  const key = `${readVoiceEpoch(ctx.db)}|${readAudienceEpoch(ctx.db)}|${endMs}`;
  return reuseWhileUnchanged(ctx.db, 'nps-by-segment', key, () => {
    const segmentOf = new Map(accountsOf(ctx).map((a) => [a.id, a.segment]));
    const rows = ormOf(ctx.db)
      .select({ userId: surveyResponses.userId, accountId: surveyResponses.accountId, nps: surveyResponses.nps, at: surveyResponses.submittedAt })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.nps), isNotNull(surveyResponses.submittedAt), sql`${surveyResponses.submittedAt} >= ${endMs - YEAR_MS}`, sql`${surveyResponses.submittedAt} < ${endMs}`))
      .all();
    const latest = new Map<string, { segment: string; nps: number; at: number }>();
    for (const r of rows) {
      const segment = segmentOf.get(r.accountId ?? '');
      if (!segment) continue;
      const prev = latest.get(r.userId);
      if (!prev || Number(r.at) > prev.at) latest.set(r.userId, { segment, nps: r.nps!, at: Number(r.at) });
    }
    return ['high', 'low', 'tech'].map((segment) => {
      const scores = [...latest.values()].filter((l) => l.segment === segment).map((l) => l.nps);
      return {
        segment, answers: scores.length, promoters: scores.filter((n) => n >= 9).length, passives: scores.filter((n) => n === 7 || n === 8).length,
        detractors: scores.filter((n) => n <= 6).length, nps: netPromoterScore(scores),
      };
    });
  });
}
