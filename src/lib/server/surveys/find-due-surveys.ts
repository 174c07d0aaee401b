import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, surveyResponses } from '../../../../db/schema/index.ts';
import type { Viewer } from '../../access.ts';
import type { Survey } from '../../../schemas/survey.ts';
import { getConfig } from '../config.ts';
import { dayOf } from '../tracking/day.ts';
import { publishedSurveys } from './published-surveys.ts';
import { closesPerAccount, surveyRound } from './survey-round.ts';
import { countFinishedStages } from '../roadmaps/count-finished-stages.ts';

export interface DueSurvey {
  survey: Survey;
  round: number;
  /** The person saved answers and has not submitted yet. */
  saved: boolean;
}

/** Is this person one the survey asks (customer roles only; `customer-admins` only admins)? */
export function isAsked(survey: Survey, viewer: Viewer): boolean {
  if (viewer.role !== 'customer' && viewer.role !== 'customer-admin') return false;
  return survey.audience !== 'customer-admins' || viewer.role === 'customer-admin';
}

/**
 * The surveys due for a customer now: past their due day for the account's contract (and, with
 * `due.afterRoadmapStage`, once the account finished that stage of its roadmap), asked of this person,
 * and the current round not yet closed (by their own answer, or for `per-account` surveys by anyone's of
 * the account). Staff and visitors have none.
 */
export function findDueSurveys(db: Db, viewer: Viewer | null, now = Date.now(), surveys = publishedSurveys()): DueSurvey[] {
  if (!viewer?.accountId) return [];
  const account = db.select({ contractStart: accounts.contractStart }).from(accounts).where(eq(accounts.id, viewer.accountId)).get();
  if (!account) return [];
  const today = dayOf(now, getConfig().JISOU_TIMEZONE);
  const rows = db
    .select({ key: surveyResponses.surveyKey, round: surveyResponses.round, userId: surveyResponses.userId, submittedAt: surveyResponses.submittedAt })
    .from(surveyResponses)
    .where(eq(surveyResponses.accountId, viewer.accountId))
    .all();
  const due: DueSurvey[] = [];
  // "After finishing roadmap stage N": read the account's roadmap only when a survey asks for it.
  let finished: number | undefined;
  const stagesFinished = () => (finished ??= countFinishedStages(db.$client, viewer.accountId!, today));
  for (const survey of surveys) {
    if (!isAsked(survey, viewer)) continue;
    const round = surveyRound(survey, account.contractStart, today);
    if (round === null) continue;
    if (survey.due.afterRoadmapStage !== undefined && stagesFinished() < survey.due.afterRoadmapStage) continue;
    const mine = rows.find((r) => r.key === survey.key && r.round === round && r.userId === viewer.userId);
    const closedByAccount = closesPerAccount(survey) && rows.some((r) => r.key === survey.key && r.round === round && r.submittedAt !== null);
    if (mine?.submittedAt || closedByAccount) continue;
    due.push({ survey, round, saved: mine !== undefined });
  }
  return due;
}

/** The person's saved (not yet submitted) answers for a round, to fill the form again. */
export function readSavedAnswers(db: Db, viewer: Viewer, key: string, round: number): Record<string, unknown> {
  const row = db
    .select({ answers: surveyResponses.answers })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyKey, key), eq(surveyResponses.round, round), eq(surveyResponses.userId, viewer.userId)))
    .get();
  try {
    return row ? (JSON.parse(row.answers) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
