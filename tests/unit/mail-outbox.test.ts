import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { configSchema } from '../../src/schemas/config.ts';
import { deliverDueMail, nextSendSlot, type SenderOptions } from '../../src/lib/server/mail/deliver-outbox.ts';
import { enqueueMail } from '../../src/lib/server/mail/enqueue-mail.ts';
import { acquireLease, releaseLease } from '../../src/lib/server/mail/sender-lease.ts';
import { classifySmtpError, createSmtpTransport } from '../../src/lib/server/mail/smtp-transport.ts';
import { renderMail } from '../../src/lib/server/mail/templates.ts';
import { allowedHosts, isAllowedHost, publicUrl } from '../../src/lib/server/origin/public-origin.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const config = (env: Record<string, string>) => configSchema.parse(env);

describe('links and hosts', () => {
  it('builds mail links from PUBLIC_ORIGIN, else http://localhost:PORT, never from a request', () => {
    expect(publicUrl('/reset-password/x', config({ PORT: '5000' }))).toBe('http://localhost:5000/reset-password/x');
    expect(publicUrl('/invite/y', config({ PUBLIC_ORIGIN: 'https://learn.example.com/base/' }))).toBe('https://learn.example.com/invite/y');
    expect(() => publicUrl('/invite/y', config({ NODE_ENV: 'production' }))).toThrow(/PUBLIC_ORIGIN is not set/);
  });

  it('allows only the configured hosts in production', () => {
    expect(allowedHosts(config({ PUBLIC_ORIGIN: 'https://learn.example.com' }))).toBeNull(); // development: any Host
    const byOrigin = allowedHosts(config({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://Learn.Example.com' }))!;
    expect(isAllowedHost('learn.example.com', byOrigin)).toBe(true);
    expect(isAllowedHost('LEARN.example.com:443', byOrigin)).toBe(true);
    expect(isAllowedHost('evil.example', byOrigin)).toBe(false);
    expect(isAllowedHost('learn.example.com.evil.example', byOrigin)).toBe(false);
    expect(isAllowedHost('a@b', byOrigin)).toBe(false);
    expect(isAllowedHost(undefined, byOrigin)).toBe(false);
    const listed = allowedHosts(config({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://learn.example.com', ALLOWED_HOSTS: 'a.example:8443, b.example' }))!;
    expect(isAllowedHost('a.example:8443', listed)).toBe(true);
    expect(isAllowedHost('a.example', listed)).toBe(false);
    expect(isAllowedHost('b.example:1234', listed)).toBe(true);
    expect(isAllowedHost('learn.example.com', listed)).toBe(false); // the list replaces the default
    expect(configSchema.safeParse({ ALLOWED_HOSTS: 'ok.example, bad host' }).success).toBe(false);
  });
});

describe('templates', () => {
  it('renders ja and en with the link in text and HTML, escaping what it inserts', () => {
    const link = 'https://learn.example.com/reset-password/abc?x=1&y=2';
    const ja = renderMail('password-reset', 'ja', { link, minutes: 60 }, 'https://learn.example.com');
    expect(ja.subject).toBe('Jisou: パスワードの再設定');
    expect(ja.text).toContain('60分間有効');
    expect(ja.text).toContain(link);
    expect(ja.html).toContain('href="https://learn.example.com/reset-password/abc?x=1&#38;y=2"');
    const en = renderMail('invitation', 'en', { link, days: 7 }, 'https://learn.example.com');
    expect(en.text).toContain('for 7 days');
    expect(() => renderMail('password-reset', 'en', { link: 'javascript:alert(1)', minutes: 1 }, 'https://x.example')).toThrow();
  });
});

describe('SMTP answers', () => {
  it('treats a 5xx for the recipient as permanent, our own 5xx and network errors as temporary', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' }).permanent).toBe(true);
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }).permanent).toBe(false);
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }).permanent).toBe(false);
    expect(classifySmtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED' }).permanent).toBe(false);
  });
});

describe('pacing to MAIL_RATE_PER_MINUTE', () => {
  /** Start times of `n` sends: each waits for its slot, then loses `overhead(i)` ms (timer, claim, render) before it starts. */
  const simulate = (n: number, spacing: number, overhead: (i: number) => number) => {
    const starts: number[] = [];
    let slot = 0;
    let clock = 1_000;
    for (let i = 0; i < n; i++) {
      const start = Math.max(clock, slot) + overhead(i);
      starts.push(start);
      slot = nextSendSlot(slot, start, spacing);
      clock = start + 2; // the relay answers in 2 ms
    }
    return starts;
  };

  it('keeps the configured rate although every send starts a little late', () => {
    // 1,200/min = one every 50 ms; 5 ms lost before each send (the old "spacing after this send" gave 1,090/min).
    const starts = simulate(601, 50, () => 5);
    const perMinute = (600 / (starts.at(-1)! - starts[0]!)) * 60_000;
    expect(perMinute).toBeGreaterThan(1_190);
    expect(perMinute).toBeLessThanOrEqual(1_200);
  });

  it('makes up a short stall, never runs ahead of its slots, and starts anew after a long one', () => {
    // At 1,200/min (50 ms slots) the 10th send is held up 200 ms (a lock wait), the 30th 3 s (a relay stall).
    const starts = simulate(60, 50, (i) => (i === 10 ? 200 : i === 30 ? 3_000 : i % 3));
    // 200 ms behind keeps the schedule: the next sends follow sooner until they are back on their slots…
    expect(starts[29]! - starts[0]!).toBeLessThan(29 * 50 + 10);
    // …but no stretch holds more than a quarter second's worth (5) plus one more mails than the rate allows.
    for (let i = 1; i < starts.length; i++) for (let j = 0; j < i; j++) expect(i - j).toBeLessThan((starts[i]! - starts[j]!) / 50 + 6);
    // 3 s behind is not made up with a burst: a new schedule from then on.
    expect(starts[31]! - starts[30]!).toBeGreaterThanOrEqual(48);
    expect(starts[59]! - starts[30]!).toBeGreaterThanOrEqual(29 * 50);
  });

  it('at slots longer than a quarter second, never more than one mail ahead', () => {
    // 120/min = 500 ms slots; sends up to 300 ms late.
    const starts = simulate(40, 500, (i) => (i * 37) % 300);
    for (let i = 1; i < starts.length; i++) for (let j = 0; j < i; j++) expect(starts[i]! - starts[j]!).toBeGreaterThanOrEqual((i - j - 1) * 500);
  });
});

describe('outbox with a real database and SMTP server', () => {
  let dir: string;
  let db: Db;
  let smtp: TestSmtp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jisou-mail-unit-'));
    db = openDatabase(join(dir, 'm.sqlite'));
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    db.$client.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const opts = (holder: string): SenderOptions => ({
    db,
    holder,
    transport: createSmtpTransport(smtp.url, 'Jisou <no-reply@jisou.invalid>'),
    origin: 'https://learn.example.com',
    ratePerMinute: 60_000,
    retryBaseMs: 1000,
    maxAttempts: 3,
    pace: { nextSendAt: 0 },
  });
  const mail = (to: string, key: string, expiresAt?: number) =>
    ({ to, template: 'invitation', locale: 'en', payload: { link: 'https://learn.example.com/invite/abc', days: 7 }, idempotencyKey: key, expiresAt }) as const;

  it('queues one row per idempotency key, however often the decision is replayed', () => {
    expect(enqueueMail(db, mail('Once@Example.com', 'k-once')).queued).toBe(true);
    expect(enqueueMail(db, mail('once@example.com', 'k-once'))).toMatchObject({ queued: false, reason: 'duplicate' });
    const rows = db.$client.prepare("SELECT recipient, state FROM mail_outbox WHERE idempotency_key = 'k-once'").all();
    expect(rows).toEqual([{ recipient: 'once@example.com', state: 'pending' }]);
  });

  it('rolls the mail back with the caller’s transaction', () => {
    expect(() =>
      db.transaction(() => {
        enqueueMail(db, mail('rolled@example.com', 'k-rolled'));
        throw new Error('the decision failed');
      }),
    ).toThrow('the decision failed');
    expect(db.$client.prepare("SELECT count(*) AS n FROM mail_outbox WHERE idempotency_key = 'k-rolled'").get()).toEqual({ n: 0 });
  });

  it('sends nothing while a live sender elsewhere holds the lease; takes it once expired or its process is gone', async () => {
    const upsert = db.$client.prepare("INSERT INTO mail_lease (name, holder, expires_at) VALUES ('outbox', ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at");
    upsert.run('other-host:77:aaaa', Date.now() + 60_000);
    const before = smtp.mails.length;
    const blocked = await deliverDueMail(opts('me-1'));
    expect(blocked).toMatchObject({ lease: false, leaseHolder: 'other-host:77:aaaa', sent: 0 });
    expect(smtp.mails.length).toBe(before);
    // A process on this host that no longer exists: taken over at once.
    upsert.run(`${hostname()}:2147480000:bbbb`, Date.now() + 60_000);
    expect(acquireLease(db, 'me-2')).toEqual({ held: true, takenOver: true });
    upsert.run('other-host:77:aaaa', Date.now() - 1);
    const sent = await deliverDueMail(opts('me-3'));
    expect(sent.lease).toBe(true);
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    expect(smtp.mails.some((m) => m.to === 'once@example.com')).toBe(true);
    releaseLease(db, 'me-3'); // a clean stop: the next sender need not wait
  });

  it('spaces the sends at MAIL_RATE_PER_MINUTE, never ahead of their slots', async () => {
    for (let i = 0; i < 6; i++) enqueueMail(db, mail(`paced${i}@example.com`, `k-paced-${i}`));
    const before = smtp.mails.length;
    // 200 a minute = one every 300 ms (slots longer than the quarter second a late send may make up); a loaded
    // machine can only make the sends later, never earlier.
    const r = await deliverDueMail({ ...opts('me-pace'), ratePerMinute: 200 });
    releaseLease(db, 'me-pace');
    expect(r.sent).toBe(6);
    const times = smtp.mails.slice(before).map((m) => m.startedAt);
    expect(times).toHaveLength(6);
    // The schedule's promise: in any stretch, at most one mail more than the rate allows (a send a little late
    // keeps its slot, so the next may follow sooner), i.e. mails i..j span at least (j - i - 1) slots. From the
    // second on: the first one's MAIL FROM also waited for the connection to open (pooled after that).
    for (let i = 1; i < times.length; i++) for (let j = i + 1; j < times.length; j++) expect(times[j]! - times[i]!).toBeGreaterThanOrEqual((j - i - 1) * 300 - 15);
    expect(times.at(-1)! - times[1]!).toBeGreaterThanOrEqual(3 * 300 - 15);
  });

  it('takes the unsubscribe and tracked-link tokens out of an engage mail once it is sent, keeping it readable', async () => {
    const unsubscribe = 'https://learn.example.com/unsubscribe/eyJwIjoidW5zdWJzY3JpYmUifQ.c2VjcmV0LXVuc3Vi';
    const tracked = 'https://learn.example.com/r/eyJwIjoiY2xpY2sifQ.c2VjcmV0LWNsaWNr';
    enqueueMail(db, {
      to: 'reader@example.com', template: 'announcement', locale: 'ja', idempotencyKey: 'k-announce',
      payload: { title: '新機能のお知らせ', summary: '自動化ルールが使えます', items: [{ title: '自動化ルール入門', href: tracked }], unsubscribe, preferences: 'https://learn.example.com/profile#mail' },
    });
    const r = await deliverDueMail(opts('me-scrub'));
    releaseLease(db, 'me-scrub');
    expect(r.sent).toBe(1);
    // The reader got the working links…
    const got = smtp.mails.find((m) => m.to === 'reader@example.com')!;
    expect(got.text).toContain(tracked);
    expect(got.headers['list-unsubscribe']).toBe(`<${unsubscribe}>`);
    // …the outbox keeps the mail without them: same titles, links that open nothing.
    const row = db.$client.prepare("SELECT state, payload FROM mail_outbox WHERE idempotency_key = 'k-announce'").get() as { state: string; payload: string };
    expect(row.state).toBe('sent');
    expect(row.payload).not.toContain('c2VjcmV0');
    expect(row.payload).not.toContain('eyJ');
    const kept = renderMail('announcement', 'ja', JSON.parse(row.payload), 'https://learn.example.com');
    expect(kept.text).toContain('自動化ルール入門');
    expect(kept.text).toContain('https://learn.example.com/r/removed-after-sending');
    expect(kept.headers!['List-Unsubscribe']).toBe('<https://learn.example.com/unsubscribe/removed-after-sending>');
  });

  it('keeps a mail to a suppressed address without its tokens from the start (it will never be sent)', () => {
    db.$client.prepare("INSERT INTO mail_suppressions (email, reason, created_at) VALUES ('gone@example.com', '550 no such user', 0)").run();
    const payload = { title: 'お知らせ', summary: '', items: [{ title: '入門', href: 'https://learn.example.com/r/eyJ0b2tlbiJ9.c2VjcmV0' }], unsubscribe: 'https://learn.example.com/unsubscribe/eyJ1bnN1YiJ9.c2VjcmV0', preferences: 'https://learn.example.com/profile#mail' };
    expect(enqueueMail(db, { to: 'gone@example.com', template: 'announcement', locale: 'ja', idempotencyKey: 'k-gone', payload })).toMatchObject({ queued: false, reason: 'suppressed' });
    const row = db.$client.prepare("SELECT state, payload FROM mail_outbox WHERE idempotency_key = 'k-gone'").get() as { state: string; payload: string };
    expect(row.state).toBe('suppressed');
    expect(row.payload).not.toContain('c2VjcmV0');
    expect(JSON.parse(row.payload).items[0].title).toBe('入門');
  });

  it('does not send a mail whose link expired before it could go out', async () => {
    enqueueMail(db, mail('late@example.com', 'k-late', Date.now() - 1));
    const r = await deliverDueMail(opts('me-4'));
    expect(r.expired).toBe(1);
    expect(smtp.mails.some((m) => m.to === 'late@example.com')).toBe(false);
    expect(db.$client.prepare("SELECT state, payload FROM mail_outbox WHERE idempotency_key = 'k-late'").get()).toEqual({ state: 'expired', payload: '{"link":"(removed after sending)","days":7}' });
  });
});
