// `npm start`: build when the sources changed, migrate, seed demo data into an empty database, serve.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDemoMode } from '../src/lib/server/config.ts';
import { logEvent } from '../src/lib/server/log.ts';
import { openDatabase } from '../db/client.ts';
import { buildIfStale } from './lib/build-if-stale.ts';
import { loadConfigOrExit } from './lib/check-config.ts';
import { prepareDemo } from './lib/prepare-demo.ts';
import { serve } from './lib/serve.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { mountTracking } from '../src/lib/server/tracking/mount.ts';
import { startMailSender } from '../src/lib/server/mail/start-mail-sender.ts';
import { mountUnsubscribe } from '../src/lib/server/engage/mount-unsubscribe.ts';
import { startEngageScheduler } from '../src/lib/server/engage/start-engage-scheduler.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);

// Every bad or missing value is reported at once, before anything is built or served.
const config = loadConfigOrExit(root);
const demo = isDemoMode(config);
if (demo && config.NODE_ENV === 'production' && !['true', '1'].includes(config.JISOU_DEMO_FORCE)) {
  console.error(
    'Refusing to start: demo mode (fixed demo passwords) is on while NODE_ENV=production.\n' +
      'Set JISOU_DEMO=false for a real deployment, or JISOU_DEMO_FORCE=true to run the demo anyway.',
  );
  process.exit(1);
}

// `npm start` stays friendly for a newcomer (development defaults), but a development server that other
// machines can reach is how a forgotten production checklist looks: say so where the operator is looking.
const loopback = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(config.HOST);
if (config.NODE_ENV !== 'production' && !loopback) {
  const t = cliMessages('ops');
  console.warn(`\n${t('ops.start.devExposed', { env: config.NODE_ENV, host: config.HOST, port: config.PORT, demo: demo ? t('ops.start.devExposedDemo') : '' })}\n`);
}

await buildIfStale(root);

const db = openDatabase(config.DATABASE_PATH, root);
const logins = demo ? await prepareDemo(db) : [];
db.$client.close();

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = resolve(root, 'dist/server/entry.mjs');
if (!existsSync(entry)) throw new Error('dist/server/entry.mjs is missing after the build; run "npm run build" and read its errors.');
const { handler } = (await import(pathToFileURL(entry).href)) as {
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
};

// Tracking beats arrive by the thousand per second; they are served in front of Astro's slower path.
const tracking = await mountTracking(root, config);
// One-click unsubscribe (RFC 8058) arrives without an Origin header: answered before Astro's origin check.
const unsubscribe = mountUnsubscribe(root, config);
// Mail queued by the pages (reset, sign-up, invitations) is delivered from the outbox by this loop.
const mail = startMailSender(root, config);
// Announcement mail, digests, plays and alerts decide what to send on a schedule (leased: one process does it).
const engage = startEngageScheduler(root, config);
serve({
  config,
  astro: handler,
  tracking: {
    handle: (req, res, head) => unsubscribe.handle(req, res, head) || tracking.handle(req, res, head),
    close: async () => {
      unsubscribe.close();
      await tracking.close();
    },
  },
  background: [
    { name: 'engage jobs', close: () => engage.close() },
    { name: 'mail sender', close: () => mail.close() },
  ],
  onListening: () => {
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    logEvent('info', `Jisou is running at http://${shown}:${config.PORT}/`, { port: config.PORT, host: config.HOST });
    if (logins.length) {
      console.log('Demo logins (password "jisou-demo"):');
      for (const l of logins) console.log(`  ${l.email.padEnd(24)} ${l.role}`);
    }
  },
});
