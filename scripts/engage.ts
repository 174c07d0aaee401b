// `npm run engage -- <command>`: outbound mail from the shell. `run-once` delivers the outbox now (cron,
// tests, or a server that runs without its own sender); it takes the same lease as the server's sender
// loop, so running both never sends a mail twice. Run with "help" for the list.
import { resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { readMailHealth } from '../src/lib/server/mail/mail-health.ts';
import { deliverDueMail } from '../src/lib/server/mail/deliver-outbox.ts';
import { readLease, releaseLease } from '../src/lib/server/mail/sender-lease.ts';
import { senderOptions } from '../src/lib/server/mail/start-mail-sender.ts';
import { ENGAGE_LEASE, engageEnv, runEngageJobs } from '../src/lib/server/engage/run-engage-jobs.ts';
import { evaluatePlays } from '../src/lib/server/engage/run-plays.ts';
import { queueEventReminders } from '../src/lib/server/events/queue-event-reminders.ts';
import { loadKpiContent } from '../src/lib/server/kpi/kpi-content.ts';
import { publicOrigin } from '../src/lib/server/origin/public-origin.ts';
import { loadConfigOrExit } from './lib/check-config.ts';
import { cliMessages } from './lib/cli-messages.ts';
import { databaseLocation } from '../src/lib/server/config.ts';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);

// The shell's language (JISOU_LANG, LANG=ja_JP.UTF-8 → Japanese), English otherwise.
const t = cliMessages('engage');
const say = (key: string, params: Record<string, string | number> = {}) => t(`engage.cli.${key}`, params);
const sayEvent = cliMessages('event');

const [command = 'help', arg] = process.argv.slice(2);
if (command === 'help' || command === '--help' || command === '-h') {
  console.log(say('help'));
} else if (command === 'dry-run') {
  const config = loadConfigOrExit(root);
  const db = openDatabase(databaseLocation(config), root);
  try {
    const env = engageEnv(db, root, config);
    const play = env.plays.find((p) => p.key === arg);
    if (!play) {
      console.error(say('unknownPlay', { play: arg ?? '', plays: env.plays.map((p) => p.key).join(', ') }));
      process.exitCode = 2;
    } else {
      const [ev] = evaluatePlays(env, [play]);
      console.log(say('dryRun', { play: play.key, accounts: ev!.plans.filter((p) => p.coolingDownUntil === null).length, quiet: ev!.quiet ? say('dryRunQuiet') : '' }));
      for (const p of ev!.plans) console.log(`  ${p.accountName}: ${p.recipients.map((r) => r.email).join(', ')}${p.coolingDownUntil ? ` (cooldown → ${new Date(p.coolingDownUntil).toISOString()})` : ''}`);
    }
  } finally {
    db.$client.close();
  }
} else if (command === 'run-once' || command === 'status') {
  const config = loadConfigOrExit(root);
  const db = openDatabase(databaseLocation(config), root);
  try {
    if (command === 'run-once') {
      const opts = senderOptions(db, config);
      // Decide first (announcements, digests, plays, alerts), then deliver what that queued, in one run.
      const jobs = await runEngageJobs(engageEnv(db, root, config), opts.holder, { force: true });
      releaseLease(db, opts.holder, ENGAGE_LEASE);
      if (!jobs.lease) console.log(say('jobsLeaseHeld', { holder: jobs.leaseHolder ?? '?' }));
      else
        console.log(
          say('jobs', {
            announcements: jobs.announcements.length, queued: jobs.announcements.reduce((n, a) => n + a.queued, 0), digested: jobs.announcements.reduce((n, a) => n + a.digested, 0),
            digests: jobs.digests, plays: (jobs.plays ?? []).reduce((n, p) => n + p.queued, 0), alerts: jobs.alerts?.mailed ?? 0, alertDigests: jobs.alerts?.digests ?? 0,
          }),
        );
      // The day-before event reminders, as the server's scheduler queues them (scripts/serve-worker.ts): each
      // person's has its own outbox key, so cron, tests and the server together still remind everyone once.
      console.log(sayEvent('event.cli.reminders', { queued: queueEventReminders(db.$client, loadKpiContent(root), publicOrigin(config)) }));
      try {
        const r = await deliverDueMail(opts);
        if (!r.lease) {
          const lease = readLease(db);
          console.log(say('leaseHeld', { holder: r.leaseHolder ?? '?', until: lease ? new Date(lease.expiresAt).toISOString() : '?' }));
        } else {
          console.log(say('done', { sent: r.sent, logged: r.logged, retrying: r.retrying, failed: r.failed, suppressed: r.suppressed, expired: r.expired, recovered: r.recovered }));
          if (!opts.transport) console.log(say('noSmtp'));
        }
      } finally {
        releaseLease(db, opts.holder);
        opts.transport?.close();
      }
    } else {
      const { mail } = readMailHealth(db.$client, Boolean(config.SMTP_URL));
      console.log(
        say('status', {
          pending: mail.pending,
          retrying: mail.retrying,
          sending: mail.sending,
          failed: mail.failedLast24h,
          suppressed: mail.suppressedAddresses,
          lastSent: mail.lastSentAt ?? say('none'),
          lease: mail.lease ? `${mail.lease.holder} → ${mail.lease.expiresAt}` : say('none'),
        }),
      );
      if (mail.lastError) console.log(`last error: ${mail.lastError}`);
    }
  } finally {
    db.$client.close();
  }
} else {
  console.error(`${say('unknown', { command })}\n\n${say('help')}`);
  process.exitCode = 2;
}
