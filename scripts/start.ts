// `npm start`: build when the sources changed, migrate, seed demo data into an empty database, serve (and
// switch to a new build without a restart when `npm run publish` asks: scripts/lib/supervisor.ts).
import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isDemoMode } from '../src/lib/server/config.ts';
import { logEvent } from '../src/lib/server/log.ts';
import { openDatabase } from '../db/client.ts';
import { buildIfStale, newestSourceMtime } from './lib/build-if-stale.ts';
import { loadConfigOrExit } from './lib/check-config.ts';
import { prepareDemo } from './lib/prepare-demo.ts';
import { supervise } from './lib/supervisor.ts';
import { liveRelease } from './lib/releases.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { redactDatabaseUrl } from '../src/lib/server/db/redact-database-url.ts';

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

// Migrate (and seed the demo) before building: a database that cannot be opened ends the start at once.
const db = openStartDatabase();
const logins = demo ? await prepareDemo(db) : [];
db.$client.close();

// The build to serve: the release `npm run publish` last switched to, unless the sources changed since
// (someone edits on this machine: then, as always, dist/ is rebuilt when stale).
const published = liveRelease(root, config);
const buildDir = published && statSync(join(published.dir, '.jisou-build')).mtimeMs >= newestSourceMtime(root) ? published.dir : resolve(root, 'dist');
if (buildDir !== published?.dir) await buildIfStale(root);


/** The database, migrated; a PostgreSQL that cannot be reached or refuses us ends the start with the reason. */
function openStartDatabase() {
  if (!config.DATABASE_URL) return openDatabase(config.DATABASE_PATH, root);
  try {
    return openDatabase(config.DATABASE_URL, root);
  } catch (error) {
    console.error(cliMessages('ops')('ops.start.postgresUnreachable', { url: redactDatabaseUrl(config.DATABASE_URL), reason: (error as Error).message }));
    process.exit(1);
  }
}

// This process holds the socket; the server itself runs in a worker it can replace on the next build.
await supervise({
  root,
  config,
  buildDir,
  onFirstReady: () => {
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    logEvent('info', `Jisou is running at http://${shown}:${config.PORT}/`, { port: config.PORT, host: config.HOST, build: relative(root, buildDir) });
    if (logins.length) {
      console.log('Demo logins (password "jisou-demo"):');
      for (const l of logins) console.log(`  ${l.email.padEnd(24)} ${l.role}`);
    }
  },
});
