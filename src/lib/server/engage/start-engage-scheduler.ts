import { openDatabase } from '../../../../db/client.ts';
import type { Config } from '../../../schemas/config.ts';
import { logError, logEvent } from '../log.ts';
import { newLeaseHolder, releaseLease } from '../mail/sender-lease.ts';
import { ENGAGE_LEASE, engageEnv, runEngageJobs } from './run-engage-jobs.ts';
import { databaseLocation } from '../config.ts';

/**
 * The engage jobs inside the server (scripts/start.ts), every ENGAGE_INTERVAL_SECONDS on their own
 * connection. Several servers on one database take turns through the `engage` lease, so each announcement,
 * play and digest is decided once. `close()` waits for a run in progress and gives the lease up.
 */
export function startEngageScheduler(root: string, config: Config): { close(): Promise<void> } {
  if (config.ENGAGE_INTERVAL_SECONDS === 0) return { close: async () => {} };
  const db = openDatabase(databaseLocation(config), root);
  db.$client.pragma('busy_timeout = 2000');
  const holder = newLeaseHolder();
  let running: Promise<void> | null = null;
  let closing = false;
  const tick = () => {
    if (running || closing) return;
    running = (async () => {
      try {
        const r = await runEngageJobs(engageEnv(db, root, config), holder);
        const queued = r.announcements.reduce((n, a) => n + a.queued, 0) + (r.plays ?? []).reduce((n, p) => n + p.queued, 0) + r.digests + (r.alerts?.mailed ?? 0);
        if (queued) logEvent('info', 'engage: queued mail', { announcements: r.announcements.length, digests: r.digests, plays: r.plays?.filter((p) => p.queued).length ?? 0, alerts: r.alerts?.mailed ?? 0, queued });
        if (r.pruned && (r.pruned.runs || r.pruned.fires)) logEvent('info', 'engage: pruned play history past its retention', { ...r.pruned });
      } catch (error) {
        // Nothing half-done: each decision is its own transaction; the next tick tries again.
        logError('engage: scheduled run failed', error);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, config.ENGAGE_INTERVAL_SECONDS * 1000);
  setTimeout(tick, 1000).unref();
  return {
    async close() {
      closing = true;
      clearInterval(timer);
      if (running) await running;
      try {
        releaseLease(db, holder, ENGAGE_LEASE);
      } finally {
        db.$client.close();
      }
    },
  };
}
