import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { appMeta } from '../../../../db/schema/index.ts';
import type { Config } from '../../../schemas/config.ts';
import { loadPlays } from '../../content/plays.ts';
import { contentNow } from '../../content/visibility.ts';
import { getKpiSettings } from '../kpi/kpi-service.ts';
import { acquireLease } from '../mail/sender-lease.ts';
import { publicOrigin } from '../origin/public-origin.ts';
import { loadEngageContent } from './engage-content.ts';
import type { EngageEnv } from './engage-env.ts';
import { notifyAlerts, type AlertNoticeResult } from './notify-alerts.ts';
import { queueAnnouncementDigests } from './queue-announcement-digests.ts';
import { dueEmailAnnouncements, queueAnnouncementMails, type AnnouncementMailResult } from './queue-announcement-mails.ts';
import { prunePlayHistory, type PrunedPlayHistory } from './prune-play-history.ts';
import { runPlays, type PlayRunResult } from './run-plays.ts';

export const ENGAGE_LEASE = 'engage';
/** Plays and alerts read every account's facts: every quarter hour is timely enough and cheap. */
const SLOW_JOBS_EVERY_MS = 15 * 60_000;
const SLOW_JOBS_AT = 'engage.slow-jobs-at';

/**
 * `now` defaults to the content clock, the one that decides whether an item is published: an announcement is
 * mailed when its time has come by the same clock the portal shows it by (and event reminders already follow
 * it). Outside tests that is the wall clock.
 */
export function engageEnv(db: Db, root: string, config: Config, now = contentNow().getTime()): EngageEnv {
  return {
    db, root, now, origin: publicOrigin(config), content: loadEngageContent(root), plays: loadPlays(root).plays, settings: getKpiSettings(),
    linkTtlDays: config.ENGAGE_LINK_TTL_DAYS, announcementMaxAgeDays: config.ENGAGE_ANNOUNCEMENT_MAX_AGE_DAYS, playRunRetentionDays: config.ENGAGE_PLAY_RUN_RETENTION_DAYS,
  };
}

export interface EngageRunResult {
  lease: boolean;
  leaseHolder?: string;
  announcements: AnnouncementMailResult[];
  digests: number;
  plays: PlayRunResult[] | null;
  alerts: AlertNoticeResult | null;
  /** Play runs and fires past their retention, deleted with the plays' run (null when plays did not run). */
  pruned: PrunedPlayHistory | null;
}

/**
 * One pass of the engage jobs under the `engage` lease (one process at a time on a database): announcements
 * whose time has come, weekly digests, and (every quarter hour, or always with `force`) plays and alerts.
 * Everything it queues goes to the outbox; the mail sender delivers it.
 */
export async function runEngageJobs(env: EngageEnv, holder: string, opts: { force?: boolean } = {}): Promise<EngageRunResult> {
  const lease = acquireLease(env.db, holder, env.now, ENGAGE_LEASE);
  if (!lease.held) return { lease: false, leaseHolder: lease.holder, announcements: [], digests: 0, plays: null, alerts: null, pruned: null };
  const announcements = dueEmailAnnouncements(env).map((item) => queueAnnouncementMails(env, item));
  const digests = queueAnnouncementDigests(env);
  const last = Number(env.db.select({ v: appMeta.value }).from(appMeta).where(eq(appMeta.key, SLOW_JOBS_AT)).get()?.v ?? 0);
  let plays: PlayRunResult[] | null = null;
  let alerts: AlertNoticeResult | null = null;
  let pruned: PrunedPlayHistory | null = null;
  if (opts.force || env.now - last >= SLOW_JOBS_EVERY_MS) {
    env.db.insert(appMeta).values({ key: SLOW_JOBS_AT, value: String(env.now) }).onConflictDoUpdate({ target: appMeta.key, set: { value: String(env.now) } }).run();
    plays = runPlays(env);
    pruned = prunePlayHistory(env);
    alerts = await notifyAlerts(env);
  }
  return { lease: true, announcements, digests, plays, alerts, pruned };
}
