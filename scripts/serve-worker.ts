// One server process on one build folder. `npm start` runs it under the supervisor (scripts/lib/supervisor.ts),
// which replaces it with a new one on the next build without dropping a request; `npm run publish` also runs it
// alone, with `--smoke`, on a spare loopback port to smoke-check a new build before the switch.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfigOrExit } from './lib/check-config.ts';
import { serve } from './lib/serve.ts';
import { requestOnLivePort } from './lib/request-live-port.ts';
import { mountTracking } from '../src/lib/server/tracking/mount.ts';
import { mountSearchFiles } from '../src/lib/server/search/mount-search-files.ts';
import { startMailSender } from '../src/lib/server/mail/start-mail-sender.ts';
import { mountUnsubscribe } from '../src/lib/server/engage/mount-unsubscribe.ts';
import { startEngageScheduler } from '../src/lib/server/engage/start-engage-scheduler.ts';
import { startEventReminders } from '../src/lib/server/events/start-event-reminders.ts';
import type { WorkerMessage, PrimaryMessage } from './lib/supervisor-messages.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const smoke = process.argv.includes('--smoke');
const config = loadConfigOrExit(root);
const buildDir = resolve(root, config.JISOU_BUILD_DIR ?? 'dist');
// The search indexes travel with their build (releases/<id>/search); an explicit JISOU_SEARCH_DIR still wins.
process.env.JISOU_SEARCH_DIR ??= join(buildDir, 'search');

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = join(buildDir, 'server/entry.mjs');
if (!existsSync(entry)) throw new Error(`${entry} is missing; run "npm run build" (or "npm run publish") and read its errors.`);
const { handler } = (await import(pathToFileURL(entry).href)) as {
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
};

const send = (m: WorkerMessage) => process.send?.(m);
// Tracking beats arrive by the thousand per second; they are served in front of Astro's slower path.
const tracking = await mountTracking(root, config);
// One-click unsubscribe (RFC 8058) arrives without an Origin header: answered before Astro's origin check.
const unsubscribe = mountUnsubscribe(root, config);
// Search index files (a first query fetches a dozen at once): read and gated before Astro's slower path.
const searchFiles = mountSearchFiles(root, config);
// Mail queued by the pages is delivered from the outbox by this loop; announcement mail, digests, plays and
// alerts are decided on a schedule (leased: one process does it). A smoke check runs neither.
const mail = smoke ? null : startMailSender(root, config);
const engage = smoke ? null : startEngageScheduler(root, config);
// Event reminders the day before, queued into the same outbox on a schedule (each once, by its outbox key).
const reminders = smoke ? null : startEventReminders(root, config);
const { shutdown } = serve({
  config,
  astro: handler,
  tracking: {
    handle: (req, res, head) => unsubscribe.handle(req, res, head) || searchFiles.handle(req, res, head) || tracking.handle(req, res, head),
    close: async () => {
      unsubscribe.close();
      searchFiles.close();
      await tracking.close();
    },
  },
  background: [
    ...(engage ? [{ name: 'engage jobs', close: () => engage.close() }] : []),
    ...(reminders ? [{ name: 'event reminders', close: () => reminders.close() }] : []),
    ...(mail ? [{ name: 'mail sender', close: () => mail.close() }] : []),
  ],
  onListening: () => {
    send({ type: 'ready', buildDir });
    // The dashboards' caches live in the Astro bundle's modules: the process asks its own /healthz to start the
    // warm-up there (kpi/warm-dashboards.ts), which then goes on in turns while requests are answered.
    if (!smoke) void requestOnLivePort(config, ['/healthz?warm']);
  },
});

/**
 * After a switch the old process keeps answering (every response `Connection: close`) a little longer
 * than our keep-alive timeout, then closes: see serve.ts, `lingerMs`.
 */
const LINGER_MS = 5_500;
process.on('message', (m: PrimaryMessage) => {
  if (m?.type === 'drain') {
    // shutdown() stops accepting before its first await: from here on only the new process accepts.
    void shutdown('replaced by a new build', 0, LINGER_MS);
    send({ type: 'draining' });
  }
  else if (m?.type === 'shutdown') void shutdown(m.reason);
});
