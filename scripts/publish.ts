// `npm run publish [-- --pull] [--rollback]`: content:check → build into releases/<id>/ → smoke-check on a
// spare loopback port → switch the running server to it without a restart (scripts/lib/supervisor.ts).
// A failed step leaves the live portal as it was and prints why (the content:check report for content).
// --trigger/--requested-by are set by the server when a webhook or the "publish now" button starts a run.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { loadConfigOrExit } from './lib/check-config.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { runPublish } from './lib/publish-pipeline.ts';
import { databaseLocation } from '../src/lib/server/config.ts';

const USAGE = 'usage: npm run publish -- [--pull] [--rollback]';
let args;
try {
  args = parseArgs({
    options: {
      pull: { type: 'boolean', default: false },
      rollback: { type: 'boolean', default: false },
      trigger: { type: 'string', default: 'cli' },
      'requested-by': { type: 'string' },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const config = loadConfigOrExit(root);
const t = cliMessages('publish');
const db = openDatabase(databaseLocation(config), root);
const result = await runPublish({
  root,
  config,
  db,
  trigger: args.rollback ? 'rollback' : args.trigger,
  requestedBy: args['requested-by'] ?? (args.trigger === 'cli' ? userInfo().username : null),
  pull: args.pull,
  rollback: args.rollback,
  progress: (line) => console.log(line),
  t,
});
db.$client.close();
if (result.ok) {
  console.log(t(args.rollback ? 'publish.rolledBack' : 'publish.done', { id: result.release!.id, seconds: (result.totalMs / 1000).toFixed(1) }));
} else {
  console.error(`\n${t('publish.failed', { step: t(`publish.step.${result.failedStep}`) })}\n${result.report ?? ''}\n${t('publish.liveUnchanged')}`);
  process.exit(1);
}
