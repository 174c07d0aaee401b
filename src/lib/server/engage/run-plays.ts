import { and, desc, eq, inArray } from 'drizzle-orm';
import { canView } from '../../access.ts';
import { engagePlayFires, engagePlayRuns, engageSends, users } from '../../../../db/schema/index.ts';
import type { Locale } from '../../../schemas/common.ts';
import type { Play } from '../../../schemas/play.ts';
import { loadSurveys } from '../../content/surveys.ts';
import { evaluateAccounts } from '../health/evaluate-accounts.ts';
import { loadKpiContent } from '../kpi/kpi-content.ts';
import { resolvePeriod } from '../kpi/period.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import { titleIn, type EngageItem } from './engage-content.ts';
import type { EngageEnv } from './engage-env.ts';
import { isQuietTime } from './local-clock.ts';
import { listCustomerPeople, viewerOf, type CustomerPerson } from './list-customer-people.ts';
import { preferencesLink, trackedLink, unsubscribeLink } from './mail-links.ts';
import { readAllMailPreferences, DEFAULT_PREFERENCES } from './mail-preferences.ts';
import { evaluateTrigger, openedByAccount, type TriggerHit } from './play-triggers.ts';

const DAY = 86_400_000;

export interface PlanRecipient {
  userId: string;
  email: string;
  locale: Locale;
  kind: 'person' | 'csm';
}

/** What a play would do for one account now. */
export interface PlayPlan {
  accountId: string;
  accountName: string;
  segment: string;
  reason: TriggerHit['reason'];
  recipients: PlanRecipient[];
  items: EngageItem[];
  hit: TriggerHit;
  /** Fired within the cooldown: listed by the dry run, not sent. */
  coolingDownUntil: number | null;
}

export interface PlayEvaluation {
  play: Play;
  quiet: boolean;
  plans: PlayPlan[];
}

/**
 * Evaluate plays without sending anything: the dry run on /manage/engage ("who would get this now") and
 * the first half of runPlays. Accounts are evaluated with the same facts as the alerts (last 30 days as of
 * env.now in the reporting time zone).
 */
export function evaluatePlays(env: EngageEnv, plays: Play[] = env.plays): PlayEvaluation[] {
  const ctx = { db: env.db.$client, content: loadKpiContent(env.root), settings: env.settings, periods: resolvePeriod({ period: '30' }, env.settings.timeZone, env.now) };
  const accounts = evaluateAccounts(ctx);
  const people = listCustomerPeople(env.db);
  const byAccount = new Map<string, CustomerPerson[]>();
  for (const p of people) byAccount.set(p.accountId, [...(byAccount.get(p.accountId) ?? []), p]);
  const prefs = readAllMailPreferences(env.db);
  const surveys = loadSurveys(env.root).surveys.filter((s) => !s.draft);
  const csmIds = [...new Set(people.map((p) => p.csmUserId).filter((x): x is string => Boolean(x)))];
  const csms = new Map(
    (csmIds.length ? env.db.select({ id: users.id, email: users.email, locale: users.locale, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, csmIds)).all() : [])
      .filter((u) => u.disabledAt === null)
      .map((u) => [u.id, u]),
  );
  return plays.map((play) => {
    const plans: PlayPlan[] = [];
    for (const account of accounts) {
      const members = byAccount.get(account.id) ?? [];
      const hit = evaluateTrigger(play, { env, account, people: members, surveys, today: ctx.periods.current.to });
      if (!hit) continue;
      const recipients: PlanRecipient[] = [];
      const nudged = members.filter((p) => (prefs.get(p.userId) ?? DEFAULT_PREFERENCES).nudges && (!hit.onlyPeople || hit.onlyPeople.has(p.userId)));
      if (play.recipients.includes('people')) recipients.push(...nudged.map((p) => ({ userId: p.userId, email: p.email, locale: p.locale, kind: 'person' as const })));
      else if (play.recipients.includes('customer-admins')) recipients.push(...nudged.filter((p) => p.role === 'customer-admin').map((p) => ({ userId: p.userId, email: p.email, locale: p.locale, kind: 'person' as const })));
      const csmId = members[0]?.csmUserId;
      const csm = csmId ? csms.get(csmId) : undefined;
      if (play.recipients.includes('csm') && csm && (prefs.get(csm.id) ?? DEFAULT_PREFERENCES).alerts !== 'off') recipients.push({ userId: csm.id, email: csm.email, locale: csm.locale, kind: 'csm' });
      if (!recipients.length) continue;
      const last = env.db.select({ at: engagePlayFires.firedAt }).from(engagePlayFires).where(and(eq(engagePlayFires.playKey, play.key), eq(engagePlayFires.accountId, account.id))).orderBy(desc(engagePlayFires.firedAt)).limit(1).get();
      const until = last ? last.at + play.cooldownDays * DAY : null;
      plans.push({
        accountId: account.id, accountName: account.name, segment: account.segment, reason: hit.reason, recipients, hit,
        items: members.length ? recommendedItems(env, play, hit, account.id, account.pyramidPosition, members[0]!) : [],
        coolingDownUntil: until !== null && until > env.now ? until : null,
      });
    }
    return { play, quiet: isQuietTime(env.now, env.settings.timeZone, play.quietHours), plans };
  });
}

function recommendedItems(env: EngageEnv, play: Play, hit: TriggerHit, accountId: string, position: number, member: CustomerPerson): EngageItem[] {
  const viewer = viewerOf(member);
  const count = play.recommend?.count ?? 3;
  const out: EngageItem[] = [...(hit.items ?? [])];
  for (const key of play.recommend?.keys ?? []) {
    const item = env.content.byKey.get(key);
    if (item && canView(viewer, item.audience)) out.push(item);
  }
  const level = play.recommend?.level === 'next' ? Math.min(5, position + 1) : play.recommend?.level;
  if (level !== undefined) {
    const opened = openedByAccount(env.db, accountId);
    const candidates = env.content.items
      .filter((i) => i.level === level && i.type !== 'announcement' && i.type !== 'roadmap' && !opened.has(i.key) && canView(viewer, i.audience) && i.publishedAt.getTime() <= env.now)
      // Manuals are steps: oldest first; elsewhere the newest is the most relevant.
      .sort((a, b) => (level === 1 ? a.publishedAt.getTime() - b.publishedAt.getTime() : b.publishedAt.getTime() - a.publishedAt.getTime()));
    out.push(...candidates);
  }
  return [...new Map(out.map((i) => [i.key, i])).values()].slice(0, Math.max(count, hit.items?.length ? Math.min(hit.items.length, 10) : 0));
}

export interface PlayRunResult {
  play: string;
  outcome: 'ran' | 'quiet-hours' | 'disabled';
  accounts: number;
  queued: number;
}

/**
 * Evaluate the enabled plays and send what fires: one transaction per account and play (the fire row,
 * its cooldown, and every mail, or none of it). Inside a play's quiet hours nothing is sent; the next run
 * after the quiet hours sends it (the trigger is still true then).
 */
export function runPlays(env: EngageEnv): PlayRunResult[] {
  const results: PlayRunResult[] = [];
  const { db, origin, now } = env;
  for (const ev of evaluatePlays(env, env.plays.filter((p) => p.enabled))) {
    const { play } = ev;
    if (ev.quiet) {
      db.insert(engagePlayRuns).values({ playKey: play.key, ranAt: now, outcome: 'quiet-hours', accounts: 0, queued: 0 }).run();
      results.push({ play: play.key, outcome: 'quiet-hours', accounts: 0, queued: 0 });
      continue;
    }
    let accounts = 0;
    let queued = 0;
    for (const plan of ev.plans.filter((p) => p.coolingDownUntil === null)) {
      queued += db.transaction(() => {
        const fire = db.insert(engagePlayFires).values({ playKey: play.key, accountId: plan.accountId, firedAt: now, recipients: plan.recipients.length }).returning({ id: engagePlayFires.id }).get();
        let n = 0;
        for (const r of plan.recipients) {
          const key = `play:${play.key}:${fire.id}:${r.userId}`;
          const mail = play.mail;
          let res;
          if (r.kind === 'person') {
            const person = { userId: r.userId, accountId: plan.accountId };
            const source = { kind: 'play', key: play.key };
            const items = plan.items.map((i) => ({ title: titleIn(i, r.locale), href: trackedLink(db, origin, person, i.key, source, env.linkTtlDays, now) }));
            if (plan.hit.directLink) items.unshift({ title: plan.hit.directLink.title[r.locale], href: new URL(plan.hit.directLink.path, origin).toString() });
            res = enqueueMail(db, { to: r.email, template: 'play', locale: r.locale, idempotencyKey: key, payload: { subject: mail.subject[r.locale], intro: mail.intro[r.locale], items, unsubscribe: unsubscribeLink(db, origin, r.userId, 'nudges'), preferences: preferencesLink(origin) } }, now);
          } else {
            const note = play.csmNote ?? mail;
            res = enqueueMail(db, { to: r.email, template: 'play-csm', locale: r.locale, idempotencyKey: key, payload: { subject: note.subject[r.locale], intro: note.intro[r.locale], account: plan.accountName, link: new URL(`/manage/kpi/accounts/${plan.accountId}`, origin).toString(), preferences: preferencesLink(origin) } }, now);
          }
          db.insert(engageSends).values({ idempotencyKey: key, sourceKind: 'play', sourceKey: play.key, userId: r.userId, accountId: r.kind === 'person' ? plan.accountId : '', itemKeys: JSON.stringify(plan.items.map((i) => i.key)), createdAt: now }).onConflictDoNothing().run();
          if (res.queued) n++;
        }
        return n;
      }, { behavior: 'immediate' });
      accounts++;
    }
    db.insert(engagePlayRuns).values({ playKey: play.key, ranAt: now, outcome: 'ran', accounts, queued }).run();
    results.push({ play: play.key, outcome: 'ran', accounts, queued });
  }
  return results;
}
