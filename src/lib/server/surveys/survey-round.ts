import type { Survey } from '../../../schemas/survey.ts';
import { daysBetween } from '../kpi/period.ts';

/**
 * Which round of a survey is due for an account on `today` (0 = the first time, 1 = its first repetition…),
 * or null while it is not due yet. Days count from the contract start (YYYY-MM-DD, reporting time zone).
 */
export function surveyRound(survey: Pick<Survey, 'due'>, contractStart: string, today: string): number | null {
  const days = daysBetween(contractStart, today);
  if (days < survey.due.afterContractDays) return null;
  if (!survey.due.repeatEveryDays) return 0;
  return Math.floor((days - survey.due.afterContractDays) / survey.due.repeatEveryDays);
}

/** The first day (YYYY-MM-DD) a round becomes due. */
export function roundStartDay(survey: Pick<Survey, 'due'>, contractStart: string, round: number): string {
  const offset = survey.due.afterContractDays + round * (survey.due.repeatEveryDays ?? 0);
  return new Date(Date.parse(`${contractStart}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** One answer closes the round for the whole account (`per-account`, or asked of one person per account). */
export function closesPerAccount(survey: Pick<Survey, 'closes' | 'audience'>): boolean {
  return survey.closes === 'per-account' || survey.audience === 'one-per-account';
}
