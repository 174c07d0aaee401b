// Demo roadmap progress and community events, consistent with the seeded activity: content actions are
// done where the account's people read (computed from tracking), confirm actions are ticked in the stages an
// account has read through (some left open, so a few accounts stall and run overdue), two past events with
// registrations and attendance, one upcoming event open for registration.
import type { Db } from '../../db/client.ts';
import type { KpiContent } from '../../src/lib/server/kpi/kpi-content.ts';
import { dayInZone } from '../../src/lib/server/kpi/period.ts';
import { listEvents } from '../../src/lib/server/events/list-events.ts';
import { getAccountRoadmaps } from '../../src/lib/server/roadmaps/get-account-roadmaps.ts';
import { prng } from './activity-simulator.ts';
import { contentNow } from '../../src/lib/content/visibility.ts';

interface Person {
  id: string;
  accountId: string;
  role: string;
}

export function seedRoadmapsAndEvents(db: Db, content: KpiContent, timeZone: string, now = Date.now()): { attended: number; registered: number; ticked: number } {
  const c = db.$client;
  if ((c.prepare('SELECT count(*) AS n FROM event_registrations').get() as { n: number }).n > 0) return { attended: 0, registered: 0, ticked: 0 };
  const rand = prng(20261201);
  const accounts = c.prepare(`SELECT id, slug, contract_start AS contractStart, csm_user_id AS csm FROM accounts WHERE disabled_at IS NULL ORDER BY slug`).all() as { id: string; slug: string; contractStart: string; csm: string | null }[];
  const people = c.prepare(`SELECT id, account_id AS accountId, role FROM users WHERE account_id IS NOT NULL AND disabled_at IS NULL ORDER BY id`).all() as Person[];
  const peopleOf = (accountId: string) => people.filter((p) => p.accountId === accountId);
  // Accounts whose people read most are the ones that come to community events.
  const reading = new Map((c.prepare(`SELECT account_id AS id, sum(active_ms) AS ms FROM tracking_daily GROUP BY account_id`).all() as { id: string; ms: number }[]).map((r) => [r.id, r.ms]));
  const keen = [...accounts].sort((a, b) => (reading.get(b.id) ?? 0) - (reading.get(a.id) ?? 0));

  const register = c.prepare(`INSERT INTO event_registrations (event_key, user_id, account_id, status, registered_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const attend = c.prepare(`INSERT INTO event_attendance (event_key, user_id, account_id, via, marked_by, marked_at) VALUES (?, ?, ?, ?, 'staff-manager', ?) ON CONFLICT DO NOTHING`);
  let attended = 0;
  let registered = 0;
  const events = listEvents(content);
  // Past or upcoming by the content clock, as registration judges it (tests pin it with JISOU_TEST_CLOCK_FILE).
  const eventsNow = contentNow().getTime();
  c.transaction(() => {
    for (const e of events) {
      const start = e.event.startsAt.getTime();
      const past = e.event.endsAt.getTime() < eventsNow;
      const day = dayInZone(start, timeZone);
      // Acme always comes; then the keenest accounts that had a contract by then.
      const eligible = keen.filter((a) => a.contractStart < day && a.slug !== 'globex');
      const coming = [eligible.find((a) => a.slug === 'acme'), ...eligible.filter((a) => a.slug !== 'acme').slice(0, past ? 9 : 5)].filter((a) => a !== undefined);
      for (const a of coming) {
        const who = peopleOf(a.id).filter((p) => (a.slug === 'acme' ? p.role === 'customer-admin' || rand() < 0.4 : rand() < 0.35)).slice(0, 3);
        if (!who.length) who.push(peopleOf(a.id)[0]!);
        for (const p of who) {
          const at = Math.min(now, start - Math.floor((2 + rand() * 12) * 86_400_000));
          const cancelled = rand() < 0.1;
          registered += register.run(e.key, p.id, a.id, cancelled ? 'cancelled' : 'registered', at, cancelled ? at + 86_400_000 : null).changes;
          // Most who registered came; a few did not show up.
          if (past && !cancelled && rand() < 0.8) attended += attend.run(e.key, p.id, a.id, 'csv', e.event.endsAt.getTime() + 3_600_000).changes;
        }
      }
    }
    // One account gave a talk at the October meetup (recorded by staff): level 5.
    const speaker = keen.find((a) => a.slug !== 'acme' && a.slug !== 'globex' && c.prepare('SELECT 1 FROM event_attendance WHERE account_id = ?').get(a.id));
    if (speaker) {
      c.prepare(`INSERT INTO account_success_marks (account_id, reason, marked_by, marked_at) VALUES (?, ?, 'staff-manager', ?) ON CONFLICT DO NOTHING`)
        .run(speaker.id, 'かけはし会 第3回ミートアップで事例を登壇(2026-10-22)', Date.parse('2026-10-23T10:00:00+09:00'));
    }
  })();

  // Content and event actions are computed from tracking and attendance (and stored by this call).
  const today = dayInZone(now, timeZone);
  const roadmaps = getAccountRoadmaps(c, content, { today });
  const tick = c.prepare(`INSERT INTO roadmap_progress (account_id, roadmap_key, action_id, how, done_at, done_by, note) VALUES (?, ?, ?, 'confirm', ?, ?, ?) ON CONFLICT DO NOTHING`);
  let ticked = 0;
  c.transaction(() => {
    for (const r of roadmaps) {
      const team = peopleOf(r.account.id);
      const admin = team.find((p) => p.role === 'customer-admin') ?? team[0];
      const anyone = team[0];
      const csm = accounts.find((a) => a.id === r.account.id)?.csm ?? 'staff-manager';
      // About a third of the accounts stall at one stage: a step there is left undone, so they stay at it and,
      // past its due day, run overdue (the cross-account view shows where).
      const stallAt = rand() < 0.35 ? Math.floor(rand() * r.progress.stages.length) : -1;
      for (const stage of r.progress.stages) {
        // Confirm actions are ticked only in stages whose reading the account has done (or is doing).
        const contentDone = stage.actions.filter((a) => a.done === 'content').every((a) => a.state === 'done');
        const someRead = stage.actions.some((a) => a.done === 'content' && a.state === 'done');
        if (!contentDone && !someRead) break;
        const confirms = stage.actions.filter((a) => a.done === 'confirm' && a.state !== 'done');
        const skipped = stage.index === stallAt && confirms.length ? confirms[Math.floor(rand() * confirms.length)]!.id : null;
        for (const a of confirms) {
          if (a.id === skipped) continue;
          const by = a.actor === 'customer-admin' ? admin?.id : a.actor === 'customer' ? anyone?.id : a.actor === 'csm' ? csm : 'staff-manager';
          if (!by) continue;
          const at = now - Math.floor(rand() * 20 + 1) * 86_400_000;
          ticked += tick.run(r.account.id, r.progress.roadmapKey, a.id, Math.max(at, Date.parse(`${r.account.contractStart}T09:00:00Z`)), by, rand() < 0.3 ? '定例で確認済み' : null).changes;
        }
        if (!contentDone || skipped) break;
      }
    }
  })();
  return { attended, registered, ticked };
}
