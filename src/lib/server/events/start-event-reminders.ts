import { openDatabase } from '../../../../db/client.ts';
import type { Config } from '../../../schemas/config.ts';
import { loadKpiContent } from '../kpi/kpi-content.ts';
import { logError, logEvent } from '../log.ts';
import { publicOrigin } from '../origin/public-origin.ts';
import { queueEventReminders } from './queue-event-reminders.ts';
import { databaseLocation } from '../config.ts';

const EVERY_MS = 10 * 60_000;

/**
 * The reminder schedule inside the server: every ten minutes, queue the reminders of events starting within a
 * day. No lease is needed: each reminder's outbox key makes it once-only across runs and processes.
 */
export function startEventReminders(root: string, config: Config): { close(): Promise<void> } {
  const db = openDatabase(databaseLocation(config), root);
  db.$client.pragma('busy_timeout = 250');
  let content = loadKpiContent(root);
  let loadedAt = Date.now();
  const run = () => {
    try {
      if (Date.now() - loadedAt > EVERY_MS) ((content = loadKpiContent(root)), (loadedAt = Date.now()));
      const n = queueEventReminders(db.$client, content, publicOrigin(config));
      if (n) logEvent('info', 'event reminders queued', { queued: n });
    } catch (error) {
      logError('event reminders failed', error);
    }
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, EVERY_MS);
  first.unref();
  timer.unref();
  return {
    async close() {
      clearTimeout(first);
      clearInterval(timer);
      db.$client.close();
    },
  };
}
