// Registration rules on a real SQLite file with hand-made times: capacity, deadline, cancel, double
// registration, the confirmation mail in the same transaction, and reminders queued once however often run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../support/kpi-fixture.ts';
import { createKpiContent, type KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';
import { changeRegistration, countRegistered } from '../../src/lib/server/events/register-for-event.ts';
import { queueEventReminders } from '../../src/lib/server/events/queue-event-reminders.ts';
import { importAttendanceCsv } from '../../src/lib/server/events/record-attendance.ts';
import iconv from 'iconv-lite';
import { listEventPeople } from '../../src/lib/server/events/list-event-people.ts';
import { eventPeopleCsv } from '../../src/lib/server/events/event-people-csv.ts';

const START = Date.parse('2026-12-10T07:00:00Z');
const DEADLINE = Date.parse('2026-12-08T14:59:00Z');
const ev = (key: string, audience: KpiItem['audience'] = 'customers'): KpiItem => ({
  key, type: 'announcement', level: 4, audience, title: `Meetup ${key}`, locales: ['ja'], publishedAt: new Date('2026-11-01'), tags: [], refs: [], videoMinutes: 0,
  event: { startsAt: new Date(START), endsAt: new Date(START + 5_400_000), onlineUrl: 'https://meet.example.com/m', capacity: 2, registrationDeadline: new Date(DEADLINE) },
});
const content = createKpiContent([ev('ev-small'), ev('ev-high', { segments: ['high'], plans: [] })]);
const who = (userId: string, accountId: string, role: 'customer' | 'customer-admin' = 'customer') => ({ userId, role, accountId });
const before = DEADLINE - 86_400_000;
const opts = (now = before) => ({ origin: 'https://learn.example.com', now });

let f: Fixture;
beforeEach(() => (f = createFixture()));
afterEach(() => f.close());

describe('event registration', () => {
  it('fills the seats, refuses the next one as full, and gives a cancelled seat to the next person', () => {
    const db = f.db.$client;
    expect(changeRegistration(db, content, who('a1', 'alpha', 'customer-admin'), 'ev-small', 'register', opts())).toEqual({ ok: true, status: 'registered' });
    expect(changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'register', opts())).toEqual({ ok: true, status: 'registered' });
    expect(changeRegistration(db, content, who('c1', 'gamma'), 'ev-small', 'register', opts())).toEqual({ ok: false, status: 409, code: 'full' });
    expect(countRegistered(db, 'ev-small')).toBe(2);
    expect(changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'cancel', opts())).toEqual({ ok: true, status: 'cancelled' });
    expect(changeRegistration(db, content, who('c1', 'gamma'), 'ev-small', 'register', opts())).toEqual({ ok: true, status: 'registered' });
    expect(db.prepare(`SELECT user_id AS u, account_id AS a, status FROM event_registrations ORDER BY user_id`).all()).toEqual([
      { u: 'a1', a: 'alpha', status: 'registered' }, { u: 'b1', a: 'beta', status: 'cancelled' }, { u: 'c1', a: 'gamma', status: 'registered' },
    ]);
  });

  it('double registration and cancelling what is not registered are 409; after the deadline nothing changes', () => {
    const db = f.db.$client;
    changeRegistration(db, content, who('a1', 'alpha'), 'ev-small', 'register', opts());
    expect(changeRegistration(db, content, who('a1', 'alpha'), 'ev-small', 'register', opts())).toEqual({ ok: false, status: 409, code: 'already_registered' });
    expect(changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'cancel', opts())).toEqual({ ok: false, status: 409, code: 'not_registered' });
    expect(changeRegistration(db, content, who('a1', 'alpha'), 'ev-small', 'cancel', opts(DEADLINE + 1))).toEqual({ ok: false, status: 409, code: 'closed' });
    expect(changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'register', opts(DEADLINE + 1))).toEqual({ ok: false, status: 409, code: 'closed' });
    expect(changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'register', opts(DEADLINE))).toEqual({ ok: true, status: 'registered' });
    expect(countRegistered(db, 'ev-small')).toBe(2);
  });

  it('staff cannot register; an event outside the audience is 404 as if it did not exist', () => {
    const db = f.db.$client;
    expect(changeRegistration(db, content, { userId: 's1', role: 'manager' }, 'ev-small', 'register', opts())).toMatchObject({ status: 403, code: 'customers_only' });
    expect(changeRegistration(db, content, { ...who('b1', 'beta'), segment: 'tech' }, 'ev-high', 'register', opts())).toMatchObject({ status: 404 });
    expect(changeRegistration(db, content, { ...who('a1', 'alpha'), segment: 'high' }, 'ev-high', 'register', opts())).toMatchObject({ ok: true });
  });

  it('queues the confirmation with the registration and one reminder per person the day before', () => {
    const db = f.db.$client;
    changeRegistration(db, content, who('a1', 'alpha'), 'ev-small', 'register', opts());
    changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'register', opts());
    changeRegistration(db, content, who('b1', 'beta'), 'ev-small', 'cancel', opts());
    expect(db.prepare(`SELECT recipient, template FROM mail_outbox ORDER BY id`).all()).toEqual([
      { recipient: 'a1@alpha.example', template: 'event-registration' }, { recipient: 'b1@beta.example', template: 'event-registration' },
    ]);
    expect(queueEventReminders(db, content, 'https://learn.example.com', START - 2 * 86_400_000)).toBe(0); // too early
    expect(queueEventReminders(db, content, 'https://learn.example.com', START - 20 * 3_600_000)).toBe(1); // a1 only: b1 cancelled
    expect(queueEventReminders(db, content, 'https://learn.example.com', START - 10 * 3_600_000)).toBe(0); // once
    expect(queueEventReminders(db, content, 'https://learn.example.com', START + 1)).toBe(0); // started
    const reminder = db.prepare(`SELECT recipient, payload, expires_at AS expiresAt FROM mail_outbox WHERE template = 'event-reminder'`).get() as { recipient: string; payload: string; expiresAt: number };
    expect(reminder.recipient).toBe('a1@alpha.example');
    expect(reminder.expiresAt).toBe(START);
    expect(JSON.parse(reminder.payload)).toMatchObject({ title: 'Meetup ev-small', link: 'https://learn.example.com/announcements/ev-small', when: '2026年12月10日 16:00' });
  });
});

describe('attendance CSV', () => {
  it('reads Shift_JIS, refuses a file with one unknown address naming its line, and imports nothing then', () => {
    const db = f.db.$client;
    const sjis = iconv.encode('氏名,メールアドレス\r\nエー,a1@alpha.example\r\nビー,B1@BETA.EXAMPLE\r\n', 'cp932');
    const bad = iconv.encode('氏名,email\r\nエー,a1@alpha.example\r\n誰か,who@nowhere.example\r\n', 'cp932');
    expect(importAttendanceCsv(db, 's1', 'ev-small', bad)).toEqual({ ok: false, status: 400, code: 'unknown_email', line: 3, value: 'who@nowhere.example' });
    expect(importAttendanceCsv(db, 's1', 'ev-small', new TextEncoder().encode('email\r\n"a1@alpha.example\r\n'))).toMatchObject({ ok: false, status: 400, code: 'csv_unclosed_quote' });
    expect(db.prepare('SELECT count(*) AS n FROM event_attendance').get()).toEqual({ n: 0 });
    expect(importAttendanceCsv(db, 's1', 'ev-small', sjis)).toEqual({ ok: true, marked: 2, cleared: 0 });
    expect(db.prepare('SELECT user_id AS u, account_id AS a, via FROM event_attendance ORDER BY user_id').all()).toEqual([{ u: 'a1', a: 'alpha', via: 'csv' }, { u: 'b1', a: 'beta', via: 'csv' }]);
    // Importing the same people again changes nothing.
    expect(importAttendanceCsv(db, 's1', 'ev-small', sjis)).toEqual({ ok: true, marked: 0, cleared: 0 });
    // Per person and account: a1 registered and came, b1 came without registering.
    changeRegistration(db, content, who('a1', 'alpha'), 'ev-small', 'register', opts());
    expect(listEventPeople(db, 'ev-small').map((p) => [p.accountName, p.email, p.status, p.attendedAt !== null])).toEqual([
      ['Alpha', 'a1@alpha.example', 'registered', true], ['Beta', 'b1@beta.example', null, true],
    ]);
    const csv = eventPeopleCsv(db, 'ev-small', (k) => k).split('\r\n');
    expect(csv[0]).toBe('\uFEFFdashboard.col.account,dashboard.col.person,dashboard.col.email,event.manage.status,event.manage.registeredAt,event.manage.attended');
    expect(csv[2]).toMatch(/^Beta,B One,b1@beta\.example,walk-in,,\d{4}-/);
  });
});
