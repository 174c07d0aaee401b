import { and, eq, inArray, isNull } from 'drizzle-orm';
import { accounts, engageAlertNotices, engageSends, users } from '../../../../db/schema/index.ts';
import type { Locale } from '../../../schemas/common.ts';
import en from '../../../i18n/en/dashboard.json' with { type: 'json' };
import ja from '../../../i18n/ja/dashboard.json' with { type: 'json' };
import { evaluateAccounts } from '../health/evaluate-accounts.ts';
import { announceAlerts, recordAlerts, type StartedAlert } from '../health/record-alerts.ts';
import { loadKpiContent } from '../kpi/kpi-content.ts';
import { resolvePeriod } from '../kpi/period.ts';
import { enqueueMail } from '../mail/enqueue-mail.ts';
import type { EngageEnv } from './engage-env.ts';
import { localClock } from './local-clock.ts';
import { preferencesLink } from './mail-links.ts';
import { readAllMailPreferences, DEFAULT_PREFERENCES } from './mail-preferences.ts';

const REASONS: Record<Locale, Record<string, string>> = { ja, en };
/** The daily alert digest goes out from this local time on (reporting time zone). */
const DIGEST_FROM_MINUTES = 8 * 60;

function reasonOf(kind: string, params: Record<string, number>, locale: Locale): string {
  const text = REASONS[locale][`dashboard.alert.reason.${kind}`] ?? kind;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m));
}

export interface AlertNoticeResult {
  started: number;
  mailed: number;
  digestQueued: number;
  digests: number;
}

/**
 * Evaluate the alerts (the same rules as the dashboards), open the new ones, and tell each account's CSM:
 * at once (one mail per new alert) or in the next daily digest, as the CSM chose; the webhook (signed) is
 * sent for each new alert as well. Then send the daily digests that are due. A CSM only ever hears of the
 * accounts whose CSM they are.
 */
export async function notifyAlerts(env: EngageEnv): Promise<AlertNoticeResult> {
  const { db, now } = env;
  const ctx = { db: db.$client, content: loadKpiContent(env.root), settings: env.settings, periods: resolvePeriod({ period: '30' }, env.settings.timeZone, now) };
  const started = recordAlerts(db.$client, evaluateAccounts(ctx), env.settings, now);
  const result = { started: started.length, mailed: 0, digestQueued: 0, digests: 0 };
  if (started.length) {
    const prefs = readAllMailPreferences(db);
    const csmOf = new Map(db.select({ id: accounts.id, csm: accounts.csmUserId }).from(accounts).where(inArray(accounts.id, [...new Set(started.map((s) => s.accountId))])).all().map((r) => [r.id, r.csm]));
    const staff = staffById(env, [...new Set([...csmOf.values()].filter((x): x is string => Boolean(x)))]);
    db.transaction(() => {
      for (const s of started) {
        const csm = staff.get(csmOf.get(s.accountId) ?? '');
        if (!csm) continue;
        const choice = (prefs.get(csm.id) ?? DEFAULT_PREFERENCES).alerts;
        if (choice === 'off') continue;
        if (choice === 'daily') {
          db.insert(engageAlertNotices).values({ alertId: s.id, csmUserId: csm.id, createdAt: now }).onConflictDoNothing().run();
          result.digestQueued++;
          continue;
        }
        const key = `alert:${s.id}:${csm.id}`;
        enqueueMail(db, { to: csm.email, template: 'alerts', locale: csm.locale, idempotencyKey: key, payload: { alerts: [entryOf(env, s, csm.locale)], preferences: preferencesLink(env.origin) } }, now);
        db.insert(engageSends).values({ idempotencyKey: key, sourceKind: 'alert', sourceKey: s.kind, userId: csm.id, accountId: '', createdAt: now }).onConflictDoNothing().run();
        result.mailed++;
      }
    }, { behavior: 'immediate' });
  }
  result.digests = queueAlertDigests(env);
  await announceAlerts(db.$client, started, env.settings);
  return result;
}

function staffById(env: EngageEnv, ids: string[]) {
  if (!ids.length) return new Map<string, { id: string; email: string; locale: Locale }>();
  const rows = env.db.select({ id: users.id, email: users.email, locale: users.locale }).from(users).where(and(inArray(users.id, ids), isNull(users.disabledAt))).all();
  return new Map(rows.map((r) => [r.id, r]));
}

function entryOf(env: EngageEnv, s: Pick<StartedAlert, 'accountId' | 'accountName' | 'kind' | 'params'>, locale: Locale) {
  return { account: s.accountName, reason: reasonOf(s.kind, s.params, locale), href: new URL(`/manage/kpi/accounts/${s.accountId}`, env.origin).toString() };
}

/** Once a day (from 08:00 local): one mail per CSM with every alert waiting for their digest. */
export function queueAlertDigests(env: EngageEnv): number {
  const { db, now } = env;
  const clock = localClock(now, env.settings.timeZone);
  if (clock.minutes < DIGEST_FROM_MINUTES) return 0;
  const waiting = db.$client
    .prepare(
      `SELECT n.alert_id AS alertId, n.csm_user_id AS csm, a.account_id AS accountId, acc.name AS accountName, a.kind, a.params
       FROM engage_alert_notices n JOIN kpi_alerts a ON a.id = n.alert_id JOIN accounts acc ON acc.id = a.account_id
       WHERE n.digest_key IS NULL AND acc.csm_user_id = n.csm_user_id ORDER BY n.csm_user_id, a.started_at, a.id`,
    )
    .all() as { alertId: number; csm: string; accountId: string; accountName: string; kind: string; params: string }[];
  if (!waiting.length) return 0;
  const staff = staffById(env, [...new Set(waiting.map((w) => w.csm))]);
  let digests = 0;
  db.transaction(() => {
    for (const csmId of new Set(waiting.map((w) => w.csm))) {
      const csm = staff.get(csmId);
      if (!csm) continue;
      const mine = waiting.filter((w) => w.csm === csmId);
      const key = `alert-digest:${csmId}:${clock.day}`;
      const r = enqueueMail(db, {
        to: csm.email, template: 'alerts', locale: csm.locale, idempotencyKey: key,
        payload: { alerts: mine.map((w) => entryOf(env, { ...w, params: JSON.parse(w.params) as Record<string, number> }, csm.locale)), preferences: preferencesLink(env.origin) },
      }, now);
      // Today's digest already went out: later alerts wait for tomorrow's.
      if (!r.queued) continue;
      db.insert(engageSends).values({ idempotencyKey: key, sourceKind: 'alert-digest', sourceKey: clock.day, userId: csmId, accountId: '', createdAt: now }).onConflictDoNothing().run();
      db.update(engageAlertNotices).set({ digestKey: key }).where(and(eq(engageAlertNotices.csmUserId, csmId), inArray(engageAlertNotices.alertId, mine.map((m) => m.alertId)))).run();
      digests++;
    }
  }, { behavior: 'immediate' });
  return digests;
}
