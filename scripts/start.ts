// `npm start`: build when the sources changed, migrate, seed demo data into an empty database, serve.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getConfig, isDemoMode } from '../src/lib/server/config.ts';
import { openDatabase } from '../db/client.ts';
import { buildIfStale } from './lib/build-if-stale.ts';
import { getKpiSettings } from '../src/lib/server/kpi/kpi-service.ts';
import { prepareDemo } from './lib/prepare-demo.ts';
import { applySecurityHeaders } from '../src/lib/server/security-headers.ts';
import { mountTracking } from '../src/lib/server/tracking/mount.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);

let config;
try {
  config = getConfig();
  getKpiSettings(); // JISOU_KPI_* dashboard thresholds: fail at start, not on the first dashboard request
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const demo = isDemoMode(config);
if (demo && config.NODE_ENV === 'production' && !['true', '1'].includes(config.JISOU_DEMO_FORCE)) {
  console.error(
    'Refusing to start: demo mode (fixed demo passwords) is on while NODE_ENV=production.\n' +
      'Set JISOU_DEMO=false for a real deployment, or JISOU_DEMO_FORCE=true to run the demo anyway.',
  );
  process.exit(1);
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

const production = config.NODE_ENV === 'production';
// Tracking beats arrive by the thousand per second; they are served here, in front of Astro's slower path.
const tracking = await mountTracking(root, config);
// Security headers go on every response, including static files that Astro serves before middleware.
let shuttingDown = false;
const server = createServer((req, res) => {
  applySecurityHeaders(res, production);
  // While shutting down, answer the requests already on open connections, then let those close.
  if (shuttingDown) res.setHeader('connection', 'close');
  if (!tracking.handle(req, res)) handler(req, res);
});
// Slow clients must not hold sockets forever.
server.headersTimeout = 15_000;
server.requestTimeout = 30_000;
server.keepAliveTimeout = 5_000;
server.listen(config.PORT, config.HOST, () => {
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  console.log(`Jisou is running at http://${shown}:${config.PORT}/`);
  if (logins.length) {
    console.log('Demo logins (password "jisou-demo"):');
    for (const l of logins) console.log(`  ${l.email.padEnd(24)} ${l.role}`);
  }
});

const shutdown = (signal: string) => {
  console.log(`${signal} received, shutting down`);
  shuttingDown = true;
  // Beats accepted until the listener closes are written before exit: SIGTERM loses nothing.
  let done = false;
  const exit = async () => {
    if (done) return;
    done = true;
    await tracking.close();
    process.exit(0);
  };
  server.close(() => void exit());
  server.closeIdleConnections();
  setTimeout(() => void exit(), 10_000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
