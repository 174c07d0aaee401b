import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { getConfig } from '../../src/lib/server/config.ts';
import { engageEnv } from '../../src/lib/server/engage/run-engage-jobs.ts';
import type { EngageEnv } from '../../src/lib/server/engage/engage-env.ts';
import { notifyAlerts } from '../../src/lib/server/engage/notify-alerts.ts';
import { localClock } from '../../src/lib/server/engage/local-clock.ts';
import { queueAnnouncementDigests } from '../../src/lib/server/engage/queue-announcement-digests.ts';
import { queueAnnouncementMails } from '../../src/lib/server/engage/queue-announcement-mails.ts';
import { evaluatePlays, runPlays } from '../../src/lib/server/engage/run-plays.ts';
import { dayInZone } from '../../src/lib/server/kpi/period.ts';
import { deliverDueMail } from '../../src/lib/server/mail/deliver-outbox.ts';
import { newLeaseHolder, releaseLease } from '../../src/lib/server/mail/sender-lease.ts';
import { createSmtpTransport } from '../../src/lib/server/mail/smtp-transport.ts';
import { ROOT } from '../support/server.ts';
import { startSmtpServer, type CapturedMail, type TestSmtp } from '../support/smtp.ts';

// Plays and alerts (issue 15 items 5 and 6) on a real SQLite database and a real SMTP server in this process,
// with the jobs' injectable clock: the same functions the server's scheduler and `engage run-once` call.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ORIGIN = 'http://learn.example.test';
/** Today at `hour`:00 in Tokyo (the default reporting time zone). */
const tokyo = (hour: number, plusDays = 0) => {
  const day = dayInZone(Date.now(), 'Asia/Tokyo');
  return Date.parse(`${day}T00:00:00+09:00`) + plusDays * DAY + hour * HOUR;
};

let smtp: TestSmtp;
const dirs: string[] = [];
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-engage-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'e.sqlite'), ROOT);
}

function addAccount(db: Db, id: string, contractDaysAgo: number, now: number, csm: string | null = null): void {
  const start = dayInZone(now - contractDaysAgo * DAY, 'Asia/Tokyo');
  db.$client.prepare("INSERT INTO accounts (id, slug, name, segment, plan, contract_start, csm_user_id, created_at, updated_at) VALUES (?, ?, ?, 'low', 'business', ?, ?, ?, ?)").run(id, id, `Account ${id}`, start, csm, now, now);
}
function addPerson(db: Db, id: string, opts: { account?: string; role?: string; locale?: 'ja' | 'en'; nudges?: boolean; alerts?: string }): string {
  const email = `${id}@example.test`;
  db.$client.prepare('INSERT INTO users (id, email, name, locale, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)').run(id, email, id, opts.locale ?? 'ja', opts.role ?? 'customer', opts.account ?? null);
  if (opts.nudges === false || opts.alerts) db.$client.prepare("INSERT INTO mail_preferences (user_id, announcements, nudges, alerts, updated_at) VALUES (?, 'immediate', ?, ?, 0)").run(id, opts.nudges === false ? 0 : 1, opts.alerts ?? 'immediate');
  return email;
}

function envAt(db: Db, now: number, playKeys: string[] = []): EngageEnv {
  const config = getConfig({ ...process.env, PUBLIC_ORIGIN: ORIGIN });
  const env = engageEnv(db, ROOT, config, now);
  return { ...env, plays: env.plays.filter((p) => playKeys.includes(p.key)) };
}

/** Deliver what is due at `at` (the jobs queue mail due at their own clock, which may be days ahead here). */
async function deliver(db: Db, at = Date.now()): Promise<void> {
  const holder = newLeaseHolder();
  const offset = Math.max(0, at - Date.now());
  const transport = createSmtpTransport(smtp.url, 'Jisou <no-reply@jisou.invalid>');
  try {
    await deliverDueMail({ db, holder, transport, origin: ORIGIN, ratePerMinute: 60_000, retryBaseMs: 100, maxAttempts: 3, pace: { nextSendAt: 0 }, now: () => Date.now() + offset });
  } finally {
    releaseLease(db, holder);
    transport.close();
  }
}
const mailsTo = (to: string): CapturedMail[] => smtp.mails.filter((m) => m.to === to);

describe('a play for low usage during onboarding', () => {
  it('mails the next unopened manual steps to the account’s people, once per cooldown', async () => {
    const db = freshDb();
    const t0 = tokyo(10);
    addAccount(db, 'acct-low', 20, t0); // day 20 of the contract, no viewing at all
    addAccount(db, 'acct-busy', 20, t0);
    addAccount(db, 'acct-old', 400, t0); // long past onboarding
    const ja = addPerson(db, 'low-ja', { account: 'acct-low' });
    const en = addPerson(db, 'low-en', { account: 'acct-low', locale: 'en' });
    const quiet = addPerson(db, 'low-nonudge', { account: 'acct-low', nudges: false });
    const busy = addPerson(db, 'busy', { account: 'acct-busy' });
    const old = addPerson(db, 'old', { account: 'acct-old' });
    // The low account already opened the first step: it is not recommended again.
    db.$client.prepare("INSERT INTO tracking_account_awareness (account_id, content_key, first_view_at) VALUES ('acct-low', 'getting-started', ?)").run(t0 - 5 * DAY);
    // The busy account viewed for 2 hours in the last days (daily rollup), above the play's 30 minutes.
    for (const d of [-1, 12]) db.$client.prepare("INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms) VALUES (?, 'acct-busy', 'busy', 'getting-started', ?, 0)").run(dayInZone(t0 + d * DAY, 'Asia/Tokyo'), 2 * HOUR);

    const [dry] = evaluatePlays(envAt(db, t0, ['onboarding-low-usage']));
    expect(dry!.plans.map((p) => p.accountId)).toEqual(['acct-low']);
    expect(dry!.plans[0]!.recipients.map((r) => r.email).sort()).toEqual([en, ja].sort());
    expect(dry!.plans[0]!.items.map((i) => i.key)).toEqual(['onboarding-invite-members', 'onboarding-shared-inbox', 'onboarding-connect-channels']);
    expect(db.$client.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({ n: 0 }); // a dry run sends nothing

    expect(runPlays(envAt(db, t0, ['onboarding-low-usage']))).toEqual([{ play: 'onboarding-low-usage', outcome: 'ran', accounts: 1, queued: 2 }]);
    await deliver(db, t0);
    expect(mailsTo(ja)).toHaveLength(1);
    expect(mailsTo(en)).toHaveLength(1);
    for (const who of [quiet, busy, old]) expect(mailsTo(who), who).toHaveLength(0);
    expect(mailsTo(ja)[0]!.subject).toBe('導入の次のステップをご案内します');
    expect(mailsTo(en)[0]!.subject).toBe('Your next onboarding steps');
    expect(mailsTo(en)[0]!.text).toContain('Two weeks into your contract');
    expect(mailsTo(en)[0]!.text).toMatch(new RegExp(`${ORIGIN}/r/`));
    expect(mailsTo(en)[0]!.headers['list-unsubscribe']).toMatch(/\/unsubscribe\//);

    // An hour later, and two weeks later (still inside the cooldown): nothing new.
    expect(runPlays(envAt(db, t0 + HOUR, ['onboarding-low-usage']))[0]).toMatchObject({ accounts: 0, queued: 0 });
    expect(evaluatePlays(envAt(db, t0 + HOUR, ['onboarding-low-usage']))[0]!.plans[0]!.coolingDownUntil).toBe(t0 + 14 * DAY);
    expect(runPlays(envAt(db, t0 + 13 * DAY, ['onboarding-low-usage']))[0]).toMatchObject({ accounts: 0, queued: 0 });
    await deliver(db, t0 + 13 * DAY);
    expect(mailsTo(ja)).toHaveLength(1);
    // After the cooldown, still low: the play fires again.
    expect(runPlays(envAt(db, t0 + 15 * DAY, ['onboarding-low-usage']))[0]).toMatchObject({ accounts: 1, queued: 2 });
    await deliver(db, t0 + 15 * DAY);
    expect(mailsTo(ja)).toHaveLength(2);
    db.$client.close();
  }, 60_000);

  it('waits through its quiet hours (20:00–08:00 in the reporting time zone) and sends after them', async () => {
    const db = freshDb();
    const night = tokyo(22);
    addAccount(db, 'acct-night', 20, night);
    const who = addPerson(db, 'night-ja', { account: 'acct-night' });
    expect(runPlays(envAt(db, night, ['onboarding-low-usage']))).toEqual([{ play: 'onboarding-low-usage', outcome: 'quiet-hours', accounts: 0, queued: 0 }]);
    expect(runPlays(envAt(db, tokyo(7, 1), ['onboarding-low-usage']))[0]!.outcome).toBe('quiet-hours');
    await deliver(db);
    expect(mailsTo(who)).toHaveLength(0);
    expect(runPlays(envAt(db, tokyo(8, 1) + 60_000, ['onboarding-low-usage']))[0]).toMatchObject({ outcome: 'ran', queued: 1 });
    await deliver(db, tokyo(8, 1) + 60_000);
    expect(mailsTo(who)).toHaveLength(1);
    db.$client.close();
  }, 60_000);
});

describe('alerts reach the CSM', () => {
  let hook: Server;
  const received: { body: string; signature: string | undefined }[] = [];
  beforeAll(async () => {
    hook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-jisou-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => hook.close(() => r())));

  it('mails each CSM only their own accounts: at once, or in the daily digest from 08:00; webhooks are signed', async () => {
    const db = freshDb();
    const early = tokyo(7);
    const daily = addPerson(db, 'csm-daily', { role: 'manager', alerts: 'daily' });
    const now = addPerson(db, 'csm-now', { role: 'manager', locale: 'en' });
    addAccount(db, 'acct-a1', 20, early, 'csm-daily'); // onboarding-low
    addAccount(db, 'acct-a2', 400, early, 'csm-daily'); // dormant
    addAccount(db, 'acct-b1', 400, early, 'csm-now'); // dormant
    for (const a of ['a1', 'a2', 'b1']) addPerson(db, `p-${a}`, { account: `acct-${a}` });
    const secret = 'a-webhook-secret-of-enough-length';
    const port = (hook.address() as { port: number }).port;
    // These bare accounts have done nothing of their success roadmap either; its roadmap-overdue alerts are
    // left out here (unit-tested in roadmap-queries) so the test follows one alert per account.
    const withHook = (env: EngageEnv): EngageEnv => ({
      ...env,
      settings: { ...env.settings, alertRoadmapOverdueActions: Number.MAX_SAFE_INTEGER, webhook: { url: `http://127.0.0.1:${port}/hook`, attempts: 1, backoffMs: 1, secret } },
    });

    const first = await notifyAlerts(withHook(envAt(db, early)));
    expect(first).toMatchObject({ started: 3, mailed: 1, digestQueued: 2, digests: 0 });
    await deliver(db, early);
    expect(mailsTo(now)).toHaveLength(1);
    expect(mailsTo(now)[0]!.subject).toBe('Jisou alert: Account acct-b1');
    expect(mailsTo(now)[0]!.text).toContain('No viewing time for');
    expect(mailsTo(now)[0]!.text).not.toContain('acct-a');
    expect(mailsTo(daily)).toHaveLength(0); // the digest waits for 08:00

    // Each new alert went to the webhook once, signed over "<t>.<body>" with the shared secret.
    expect(received).toHaveLength(3);
    for (const r of received) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature ?? '') ?? [];
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex'));
      expect(Math.abs(Number(t) * 1000 - Date.now())).toBeLessThan(60_000);
    }

    const later = await notifyAlerts(withHook(envAt(db, tokyo(9))));
    expect(later).toMatchObject({ started: 0, digests: 1 });
    await deliver(db, tokyo(9));
    expect(mailsTo(daily)).toHaveLength(1);
    const digest = mailsTo(daily)[0]!;
    expect(digest.subject).toBe('Jisou: 担当アカウントの新しいアラート(2件)');
    expect(digest.text).toContain('Account acct-a1');
    expect(digest.text).toContain('Account acct-a2');
    expect(digest.text).not.toContain('acct-b1');
    // Later the same day: no second digest, nothing new to anyone.
    await notifyAlerts(withHook(envAt(db, tokyo(9) + HOUR)));
    await deliver(db, tokyo(9) + HOUR);
    expect(mailsTo(daily)).toHaveLength(1);
    expect(mailsTo(now)).toHaveLength(1);
    expect(received).toHaveLength(3);
    db.$client.close();
  }, 60_000);
});

describe('the weekly digest', () => {
  it('collects announcements for people who chose it and mails them once, on Monday from 09:00 in the reporting time zone', async () => {
    const db = freshDb();
    // The coming Monday in Tokyo.
    const monday = (hour: number) => {
      const today = localClock(tokyo(12), 'Asia/Tokyo').weekday;
      return tokyo(hour, ((8 - today) % 7) || 7);
    };
    addAccount(db, 'acct-d', 100, monday(9));
    const weekly = addPerson(db, 'digest-ja', { account: 'acct-d' });
    const now = addPerson(db, 'instant-ja', { account: 'acct-d' });
    db.$client.prepare("INSERT INTO mail_preferences (user_id, announcements, nudges, alerts, updated_at) VALUES ('digest-ja', 'weekly', 1, 'immediate', 0)").run();
    const env = envAt(db, monday(9) - 2 * DAY);
    const item = env.content.byKey.get('announce-meetup-2026-12')!;
    expect(queueAnnouncementMails({ ...env, announcementMaxAgeDays: 3650 }, item)).toMatchObject({ queued: 1, digested: 1 });
    expect(queueAnnouncementDigests(envAt(db, monday(9) - 2 * DAY))).toBe(0); // Saturday
    expect(queueAnnouncementDigests(envAt(db, monday(8)))).toBe(0); // Monday, before 09:00
    expect(queueAnnouncementDigests(envAt(db, monday(9)))).toBe(1);
    expect(queueAnnouncementDigests(envAt(db, monday(10)))).toBe(0); // once
    await deliver(db, monday(10));
    expect(mailsTo(now)).toHaveLength(1);
    const [digest] = mailsTo(weekly);
    expect(mailsTo(weekly)).toHaveLength(1);
    expect(digest!.subject).toBe('Jisou: 今週のお知らせ(1件)');
    expect(digest!.text).toContain('ミートアップ');
    expect(digest!.text).toMatch(new RegExp(`${ORIGIN}/r/`));
    expect(digest!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    db.$client.close();
  }, 60_000);
});
