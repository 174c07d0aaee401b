import { and, isNotNull, max, sql } from 'drizzle-orm';
import { successStories, surveyResponses, users } from '../../../../db/schema/index.ts';
import { dayOf } from '../tracking/day.ts';
import { addDays, startOfDayInZone } from './period.ts';
import { memo, ormOf, type KpiContext } from './kpi-context.ts';

/** What an account has told the vendor, and when its people last signed in (the `surveys` stage rules). */
export interface AccountVoice {
  /** Survey rounds with at least one submitted answer from the account (a repeated survey counts per round). */
  surveysAnswered: number;
  /** Day (reporting time zone) of the latest submitted answer. */
  lastSurveyDay: string | null;
  /** Someone of the account said yes to the success-story consent question, or staff accepted a story of theirs. */
  consent: boolean;
  /** Day of the latest sign-in of anyone of the account. */
  lastSignInDay: string | null;
  /** NPS (% promoters 9–10 − % detractors 0–6) over each person's latest NPS answer of the last 365 days; null without answers. */
  nps: number | null;
  npsAnswers: number;
}

const EMPTY: AccountVoice = { surveysAnswered: 0, lastSurveyDay: null, consent: false, lastSignInDay: null, nps: null, npsAnswers: 0 };
const YEAR_MS = 365 * 86_400_000;

/** Net Promoter Score of a list of 0–10 answers, rounded to one decimal; null for none. */
export function netPromoterScore(scores: number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((n) => n >= 9).length;
  const detractors = scores.filter((n) => n <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 1000) / 10;
}

/** Per account id, as of the end of the current period (answers and sign-ins after it are not counted). */
export function getAccountVoice(ctx: KpiContext): (accountId: string) => AccountVoice {
  const byAccount = memo(ctx, 'account-voice', () => {
    const orm = ormOf(ctx.db);
    // The period ends at the start of the next day in the reporting zone: rows are cut by timestamp in SQL,
    // and a day is formatted once per account (not per row) for the dates shown.
    const to = ctx.periods.current.to;
    const endMs = startOfDayInZone(addDays(to, 1), ctx.settings.timeZone);
    const out = new Map<string, AccountVoice>();
    const get = (id: string) => {
      let v = out.get(id);
      if (!v) out.set(id, (v = { ...EMPTY }));
      return v;
    };
    const lastAnswerAt = new Map<string, number>();
    const answered = orm
      .select({ accountId: surveyResponses.accountId, key: surveyResponses.surveyKey, round: surveyResponses.round, at: max(surveyResponses.submittedAt), consent: max(surveyResponses.consent) })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} < ${endMs}`))
      .groupBy(surveyResponses.accountId, surveyResponses.surveyKey, surveyResponses.round)
      .all();
    for (const r of answered) {
      const v = get(r.accountId!);
      v.surveysAnswered++;
      if (Number(r.at) > (lastAnswerAt.get(r.accountId!) ?? -Infinity)) lastAnswerAt.set(r.accountId!, Number(r.at));
      if (Number(r.consent)) v.consent = true;
    }
    for (const [accountId, at] of lastAnswerAt) get(accountId).lastSurveyDay = dayOf(at, ctx.settings.timeZone);
    const signIns = orm
      .select({ accountId: users.accountId, at: max(users.lastSignInAt) })
      .from(users)
      .where(and(isNotNull(users.accountId), isNotNull(users.lastSignInAt)))
      .groupBy(users.accountId)
      .all();
    for (const s of signIns) {
      const day = dayOf(Number(s.at), ctx.settings.timeZone);
      // Only the latest sign-in is stored per person: one after the period means "signed in by then" is unknown,
      // so it is taken as the period's last day (a sign-in now is not evidence of dormancy back then).
      get(s.accountId!).lastSignInDay = day > to ? to : day;
    }
    // An accepted success story (offered with consent to publish) is the account presenting its success.
    const stories = orm
      .select({ accountId: successStories.accountId, at: successStories.reviewedAt })
      .from(successStories)
      .where(and(sql`${successStories.status} = 'accepted'`, isNotNull(successStories.accountId), sql`${successStories.reviewedAt} < ${endMs}`))
      .all();
    for (const st of stories) get(st.accountId!).consent = true;
    const npsRows = orm
      .select({ accountId: surveyResponses.accountId, userId: surveyResponses.userId, nps: surveyResponses.nps, at: surveyResponses.submittedAt })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.nps), isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} >= ${endMs - YEAR_MS}`, sql`${surveyResponses.submittedAt} < ${endMs}`))
      .all();
    const latest = new Map<string, { accountId: string; nps: number; at: number }>();
    for (const r of npsRows) {
      const prev = latest.get(r.userId);
      if (!prev || Number(r.at) > prev.at) latest.set(r.userId, { accountId: r.accountId!, nps: r.nps!, at: Number(r.at) });
    }
    const scores = new Map<string, number[]>();
    for (const l of latest.values()) scores.set(l.accountId, [...(scores.get(l.accountId) ?? []), l.nps]);
    for (const [accountId, list] of scores) Object.assign(get(accountId), { nps: netPromoterScore(list), npsAnswers: list.length });
    return out;
  });
  return (accountId) => byAccount.get(accountId) ?? EMPTY;
}
