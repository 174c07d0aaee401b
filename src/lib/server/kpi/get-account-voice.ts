import { and, count, eq, gte, isNotNull, max, sql } from 'drizzle-orm';
import { successStories, surveyResponses, users } from '../../../../db/schema/index.ts';
import { dayOf } from '../tracking/day.ts';
import { addDays, startOfDayInZone } from './period.ts';
import { memo, ormOf, type KpiContext } from './kpi-context.ts';
import { readAudienceEpoch, readVoiceEpoch } from './account-state-epoch.ts';
import { keepState, readKeptState, reuseRecentRead, reuseWhileUnchanged } from './reuse-recent-read.ts';
import { FULL_READ_MS } from './changed-rows.ts';

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
  return netPromoterScoreOf(scores.filter((n) => n >= 9).length, scores.filter((n) => n <= 6).length, scores.length);
}

/** The same from the counts of promoters (9–10), detractors (0–6) and all answers. */
export function netPromoterScoreOf(promoters: number, detractors: number, answers: number): number | null {
  if (!answers) return null;
  return Math.round(((promoters - detractors) / answers) * 1000) / 10;
}

/** Per account id, as of the end of the current period (answers and sign-ins after it are not counted). */
export function getAccountVoice(ctx: KpiContext): (accountId: string) => AccountVoice {
  const byAccount = memo(ctx, 'account-voice', () => {
    // The period ends at the start of the next day in the reporting zone: rows are cut by timestamp in SQL,
    // and a day is formatted once per account (not per row) for the dates shown.
    const to = ctx.periods.current.to;
    const endMs = startOfDayInZone(addDays(to, 1), ctx.settings.timeZone);
    const out = new Map<string, AccountVoice>();
    for (const [id, v] of readWhatAccountsSaid(ctx, endMs)) out.set(id, { ...v });
    for (const [id, day] of readSignInDays(ctx)) voiceIn(out, id).lastSignInDay = day;
    return out;
  });
  return (accountId) => byAccount.get(accountId) ?? EMPTY;
}

/**
 * Day of each account's latest sign-in as of the period's end. Sign-ins are written all day and follow the
 * rule of tracking (shared with the requests just before, see reuse-recent-read.ts), so a re-evaluation after
 * tracking moved does not group every person again. A person moved to another account or disabled (the
 * audience epoch) shows at once; a tick or an answer elsewhere does not group them again.
 */
function readSignInDays(ctx: KpiContext): Map<string, string> {
  const to = ctx.periods.current.to;
  const tz = ctx.settings.timeZone;
  return reuseRecentRead(ctx, 'account-sign-in-days', () => {
    const days = new Map<string, string>();
    for (const [accountId, at] of readLatestSignIns(ctx)) {
      const day = dayOf(at, tz);
      // Only the latest sign-in is stored per person: one after the period means "signed in by then" is unknown,
      // so it is taken as the period's last day (a sign-in now is not evidence of dormancy back then).
      days.set(accountId, day > to ? to : day);
    }
    return days;
  }, `${readAudienceEpoch(ctx.db)}|${to}|${tz}`);
}

interface KeptSignIns {
  /** Latest sign-in (ms) per account id. */
  byAccount: Map<string, number>;
  /** The latest of them: the next read takes the people who signed in at or after it. */
  latest: number;
  audience: string;
  fullAt: number;
}

/**
 * A sign-in is stamped with the time its request began and commits after the password check, on any instance
 * (their clocks a little apart): one stamped this long before the latest time seen may still commit after it.
 */
const SIGN_IN_LAG_MS = 300_000;

/**
 * Latest sign-in per account. A sign-in only ever moves a person's time forward, to now, so after one whole read
 * only the people who signed in since the latest time seen (less SIGN_IN_LAG_MS) are read again (tens of them between two requests,
 * instead of grouping every person of every account). Who is in which account changing (the audience epoch)
 * reads everything again, and so does FULL_READ_MS passing, for a time set back by hand.
 */
function readLatestSignIns(ctx: KpiContext): Map<string, number> {
  const audience = readAudienceEpoch(ctx.db);
  const now = Date.now();
  const hit = readKeptState<KeptSignIns>(ctx.db, 'latest-sign-ins');
  const orm = ormOf(ctx.db);
  if (hit && hit.audience === audience && now - hit.fullAt < FULL_READ_MS) {
    const rows = orm
      .select({ accountId: users.accountId, at: max(users.lastSignInAt) })
      .from(users)
      .where(and(isNotNull(users.accountId), gte(users.lastSignInAt, hit.latest - SIGN_IN_LAG_MS)))
      .groupBy(users.accountId)
      .all();
    if (!rows.length) return hit.byAccount;
    // A new map: requests in flight hold the kept one.
    const byAccount = new Map(hit.byAccount);
    let latest = hit.latest;
    for (const r of rows) {
      const at = Number(r.at);
      if (at > (byAccount.get(r.accountId!) ?? -Infinity)) byAccount.set(r.accountId!, at);
      if (at > latest) latest = at;
    }
    keepState<KeptSignIns>(ctx.db, 'latest-sign-ins', { byAccount, latest, audience, fullAt: hit.fullAt });
    return byAccount;
  }
  const rows = orm
    .select({ accountId: users.accountId, at: max(users.lastSignInAt) })
    .from(users)
    .where(and(isNotNull(users.accountId), isNotNull(users.lastSignInAt)))
    .groupBy(users.accountId)
    .all();
  const byAccount = new Map<string, number>();
  // 0 with nobody signed in yet (a number PostgreSQL takes for a bigint, unlike -Infinity).
  let latest = 0;
  for (const r of rows) {
    const at = Number(r.at);
    byAccount.set(r.accountId!, at);
    if (at > latest) latest = at;
  }
  keepState<KeptSignIns>(ctx.db, 'latest-sign-ins', { byAccount, latest, audience, fullAt: now });
  return byAccount;
}

/** The account's entry of `out`, added (with nothing said yet) when missing. */
function voiceIn(out: Map<string, AccountVoice>, id: string): AccountVoice {
  let v = out.get(id);
  if (!v) out.set(id, (v = { ...EMPTY }));
  return v;
}

/**
 * Survey rounds, consent, stories and NPS per account (no sign-ins), kept per database while no answer or
 * story was written (the voice epoch, migration 0017): a recomputed account evaluation (tracking moved)
 * reuses them, and a new answer shows on the next request.
 */
function readWhatAccountsSaid(ctx: KpiContext, endMs: number): Map<string, AccountVoice> {
  const key = `${readVoiceEpoch(ctx.db)}|${endMs}|${ctx.settings.timeZone}`;
  return reuseWhileUnchanged(ctx.db, 'what-accounts-said', key, () => {
    const orm = ormOf(ctx.db);
    const out = new Map<string, AccountVoice>();
    const get = (id: string) => voiceIn(out, id);
    // Aggregated per account in SQL: tens of thousands of answers at scale, a row per account returned.
    const answered = orm
      .select({
        accountId: surveyResponses.accountId,
        rounds: sql<number>`count(DISTINCT ${surveyResponses.surveyKey} || '|' || ${surveyResponses.round})`,
        at: max(surveyResponses.submittedAt),
        // A boolean column: max() of it exists on SQLite only; of 1/0 on both.
        consent: sql<number>`max(CASE WHEN ${surveyResponses.consent} THEN 1 ELSE 0 END)`,
      })
      .from(surveyResponses)
      .where(and(isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} < ${endMs}`))
      .groupBy(surveyResponses.accountId)
      .all();
    for (const r of answered) {
      const v = get(r.accountId!);
      v.surveysAnswered = Number(r.rounds);
      v.lastSurveyDay = dayOf(Number(r.at), ctx.settings.timeZone);
      if (Number(r.consent)) v.consent = true;
    }
    // An accepted success story (offered with consent to publish) is the account presenting its success.
    const stories = orm
      .select({ accountId: successStories.accountId, at: successStories.reviewedAt })
      .from(successStories)
      .where(and(sql`${successStories.status} = 'accepted'`, isNotNull(successStories.accountId), sql`${successStories.reviewedAt} < ${endMs}`))
      .all();
    for (const st of stories) get(st.accountId!).consent = true;
    // Each person's latest NPS answer of the year, counted per account in SQL.
    const window = and(isNotNull(surveyResponses.nps), isNotNull(surveyResponses.submittedAt), isNotNull(surveyResponses.accountId), sql`${surveyResponses.submittedAt} >= ${endMs - YEAR_MS}`, sql`${surveyResponses.submittedAt} < ${endMs}`);
    const latest = orm
      .select({
        accountId: surveyResponses.accountId,
        nps: surveyResponses.nps,
        rank: sql<number>`row_number() OVER (PARTITION BY ${surveyResponses.userId} ORDER BY ${surveyResponses.submittedAt} DESC)`.as('rank'),
      })
      .from(surveyResponses)
      .where(window)
      .as('latest');
    const npsRows = orm
      .select({
        accountId: latest.accountId,
        promoters: sql<number>`sum(CASE WHEN ${latest.nps} >= 9 THEN 1 ELSE 0 END)`,
        detractors: sql<number>`sum(CASE WHEN ${latest.nps} <= 6 THEN 1 ELSE 0 END)`,
        answers: count(),
      })
      .from(latest)
      .where(eq(latest.rank, 1))
      .groupBy(latest.accountId)
      .all();
    for (const r of npsRows) Object.assign(get(r.accountId!), { nps: netPromoterScoreOf(Number(r.promoters), Number(r.detractors), r.answers), npsAnswers: r.answers });
    return out;
  });
}
