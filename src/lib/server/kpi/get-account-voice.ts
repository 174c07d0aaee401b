import { and, isNotNull, max, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { surveyResponses, users } from '../../../../db/schema/index.ts';
import { dayOf } from '../tracking/day.ts';
import { memo, type KpiContext } from './kpi-context.ts';

/** What an account has told the vendor, and when its people last signed in (the `surveys` stage rules). */
export interface AccountVoice {
  /** Survey rounds with at least one submitted answer from the account (a repeated survey counts per round). */
  surveysAnswered: number;
  /** Day (reporting time zone) of the latest submitted answer. */
  lastSurveyDay: string | null;
  /** Someone of the account said yes to the success-story consent question. */
  consent: boolean;
  /** Day of the latest sign-in of anyone of the account. */
  lastSignInDay: string | null;
}

const EMPTY: AccountVoice = { surveysAnswered: 0, lastSurveyDay: null, consent: false, lastSignInDay: null };

/** Per account id, as of the end of the current period (answers and sign-ins after it are not counted). */
export function getAccountVoice(ctx: KpiContext): (accountId: string) => AccountVoice {
  const byAccount = memo(ctx, 'account-voice', () => {
    const orm = drizzle(ctx.db);
    const endMs = Date.parse(`${ctx.periods.current.to}T00:00:00Z`) + 2 * 86_400_000; // a margin for zones; cut below by day
    const to = ctx.periods.current.to;
    const out = new Map<string, AccountVoice>();
    const get = (id: string) => {
      let v = out.get(id);
      if (!v) out.set(id, (v = { ...EMPTY }));
      return v;
    };
    const answered = orm
      .select({ accountId: surveyResponses.accountId, key: surveyResponses.surveyKey, round: surveyResponses.round, at: max(surveyResponses.submittedAt), consent: max(surveyResponses.consent) })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} < ${endMs}`))
      .groupBy(surveyResponses.accountId, surveyResponses.surveyKey, surveyResponses.round)
      .all();
    for (const r of answered) {
      const day = dayOf(Number(r.at), ctx.settings.timeZone);
      if (day > to) continue;
      const v = get(r.accountId!);
      v.surveysAnswered++;
      if (!v.lastSurveyDay || day > v.lastSurveyDay) v.lastSurveyDay = day;
      if (Number(r.consent)) v.consent = true;
    }
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
    return out;
  });
  return (accountId) => byAccount.get(accountId) ?? EMPTY;
}
