import { afterAll, describe, expect, it } from 'vitest';
import { getAwarenessByItemChannel } from '../../src/lib/server/kpi/get-awareness-by-item-channel.ts';
import { createFixture } from '../support/kpi-fixture.ts';

// The per-item funnel by channel (issue 15 item 4) on the KPI fixture (period: the 7 days to 2026-11-22 in
// Tokyo; m1, m2 and ann1 are meant for all 5 customer people, w1 only for Alpha's 2), with mails, clicks,
// portal impressions and views added here. Every figure is counted by hand in the comments.
const f = createFixture();
afterAll(() => f.close());
const c = f.db.$client;
const at = (iso: string) => Date.parse(iso);
const send = (key: string, kind: string, user: string, account: string, items: string[], state: string, sentAt: string | null) => {
  const created = at(sentAt ?? '2026-11-18T00:00:00Z') - 60_000;
  c.prepare('INSERT INTO engage_sends (idempotency_key, source_kind, source_key, user_id, account_id, item_keys, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(key, kind, kind === 'play' ? 'onboarding-low-usage' : 'ann1', user, account, JSON.stringify(items), created);
  c.prepare("INSERT INTO mail_outbox (idempotency_key, recipient, template, locale, payload, state, attempts, next_attempt_at, sent_at, created_at, updated_at) VALUES (?, ?, 'play', 'ja', '{}', ?, 1, 0, ?, ?, ?)").run(key, `${user}@x.example`, state, sentAt ? at(sentAt) : null, created, created);
};
send('play:a1', 'play', 'a1', 'alpha', ['m1', 'm2'], 'sent', '2026-11-18T00:00:00Z');
send('play:b1', 'play', 'b1', 'beta', ['m2'], 'pending', null); // not delivered (yet): reaches nobody
send('play:c1', 'play', 'c1', 'gamma', ['m2'], 'sent', '2026-11-19T00:00:00Z');
send('announcement:a2', 'announcement', 'a2', 'alpha', ['ann1'], 'sent', '2026-11-18T00:00:00Z');
send('announcement:d1', 'announcement', 'd1', 'delta', ['ann1'], 'sent', '2026-11-23T01:00:00Z'); // after the period
send('alert:s1', 'alert', 's1', '', ['m1'], 'sent', '2026-11-18T00:00:00Z'); // staff mail: no customer reached
const click = (user: string, account: string, item: string, when: string) =>
  c.prepare("INSERT INTO engage_clicks (user_id, account_id, item_key, source_kind, source_key, channel, clicked_at) VALUES (?, ?, ?, 'play', 'onboarding-low-usage', 'email', ?)").run(user, account, item, at(when));
click('a1', 'alpha', 'm1', '2026-11-18T01:00:00Z');
click('c1', 'gamma', 'm2', '2026-11-19T02:00:00Z');
// Progress as the tracker and /r/ leave it: a click is also the person's first impression.
const progress = c.prepare(
  `INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, first_impression_at, first_view_at, first_engaged_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, 0)
   ON CONFLICT DO UPDATE SET first_impression_at = excluded.first_impression_at, first_view_at = excluded.first_view_at, first_engaged_at = excluded.first_engaged_at`,
);
progress.run('a1', 'm1', 'alpha', at('2026-11-18T01:00:00Z'), at('2026-11-16T01:00:00Z'), at('2026-11-16T01:10:00Z')); // viewed before any mail
progress.run('b1', 'm1', 'beta', at('2026-11-14T03:00:00Z'), at('2026-11-15T00:00:00Z'), null); // shown on the portal, then opened
progress.run('c1', 'm2', 'gamma', at('2026-11-19T02:00:00Z'), at('2026-11-19T02:01:00Z'), at('2026-11-19T02:30:00Z')); // clicked, opened, engaged
progress.run('a2', 'ann1', 'alpha', null, at('2026-11-20T00:00:00Z'), null);
const shown = (day: string, account: string, user: string, key: string) =>
  c.prepare('INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 1) ON CONFLICT DO UPDATE SET impressions = impressions + 1').run(day, account, user, key);
shown('2026-11-17', 'alpha', 'a2', 'm1');
shown('2026-11-14', 'beta', 'b1', 'm1');
shown('2026-11-19', 'alpha', 'a1', 'm1'); // after a1 clicked the mail on 11-18
shown('2026-11-20', 'gamma', 'c1', 'm2'); // the day after c1's click
shown('2026-11-23', 'delta', 'd1', 'm2'); // after the period
shown('2026-11-18', '', 's1', 'm1'); // staff
shown('2026-11-22', 'alpha', 'a2', 'w1'); // w1 was linked in no mail: not in this funnel

const rowsOf = (period?: Parameters<typeof f.ctx>[0]) => getAwarenessByItemChannel(f.ctx(period)).map((r) => [r.key, r.channel, r.audience, r.reached, r.clicked, r.viewed, r.engaged]);

describe('awareness funnel per item linked in mails, by channel', () => {
  it('counts people per item and channel: audience → reached → clicked → viewed → engaged', () => {
    expect(rowsOf()).toEqual([
      // ann1 by mail: a2 (d1's mail came after the period); a2 opened it after the mail, without clicking.
      ['ann1', 'email', 5, 1, 0, 1, 0],
      // ann1 on the portal: no impression recorded in tracking_daily.
      ['ann1', 'portal', 5, 0, null, 0, 0],
      // m1 by mail: a1 (the staff alert counts for nobody), who clicked; a1's view was before the mail.
      ['m1', 'email', 5, 1, 1, 0, 0],
      // m1 on the portal: a2, b1 and a1 were shown it; only b1 opened it after being shown.
      ['m1', 'portal', 5, 3, null, 1, 0],
      // m2 by mail: a1 and c1 (b1's mail is still pending); c1 clicked, opened and engaged.
      ['m2', 'email', 5, 2, 1, 1, 1],
      // m2 on the portal: c1, shown it the day after clicking; the view came from the mail, before that day.
      ['m2', 'portal', 5, 1, null, 0, 0],
    ]);
  });

  it('shows the funnel as of the end of an earlier period', () => {
    // To 2026-11-18 (Tokyo): c1's mail, a1's portal impression of m1 and a2's view of ann1 come later.
    expect(rowsOf({ period: 'custom', from: '2026-11-12', to: '2026-11-18' })).toEqual([
      ['ann1', 'email', 5, 1, 0, 0, 0],
      ['ann1', 'portal', 5, 0, null, 0, 0],
      ['m1', 'email', 5, 1, 1, 0, 0],
      ['m1', 'portal', 5, 2, null, 1, 0],
      ['m2', 'email', 5, 1, 0, 0, 0],
      ['m2', 'portal', 5, 0, null, 0, 0],
    ]);
  });
});
