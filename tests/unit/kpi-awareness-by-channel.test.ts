import { afterAll, describe, expect, it } from 'vitest';
import { getAwarenessByChannel } from '../../src/lib/server/kpi/get-awareness-by-channel.ts';
import { createFixture } from '../support/kpi-fixture.ts';

// The awareness funnel by channel (issue 15 item 4) on the KPI fixture (period: the 7 days to 2026-11-22 in
// Tokyo), with e-mail sends, outbox states and clicks added here. Figures computed by hand below.
const f = createFixture();
afterAll(() => f.close());
const c = f.db.$client;
const at = (iso: string) => Date.parse(iso);
const send = (key: string, kind: string, user: string, account: string, items: string[], created: string, state: string, sentAt: string | null) => {
  c.prepare('INSERT INTO engage_sends (idempotency_key, source_kind, source_key, user_id, account_id, item_keys, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(key, kind, kind === 'announcement' ? 'ann1' : '2026-11-20', user, account, JSON.stringify(items), at(created));
  c.prepare("INSERT INTO mail_outbox (idempotency_key, recipient, template, locale, payload, state, attempts, next_attempt_at, sent_at, created_at, updated_at) VALUES (?, ?, 'announcement', 'ja', '{}', ?, 1, 0, ?, ?, ?)").run(key, `${user}@x.example`, state, sentAt ? at(sentAt) : null, at(created), at(created));
};
send('announcement:ann1:a1', 'announcement', 'a1', 'alpha', ['ann1', 'w1'], '2026-11-18T00:00:00Z', 'sent', '2026-11-18T00:01:00Z');
send('announcement:ann1:c1', 'announcement', 'c1', 'gamma', ['ann1'], '2026-11-18T00:00:00Z', 'sent', '2026-11-18T00:01:00Z');
send('announcement:ann1:d1', 'announcement', 'd1', 'delta', ['ann1'], '2026-11-18T00:00:00Z', 'failed', null); // never delivered
send('announcement-digest:b1:2026-11-20', 'announcement-digest', 'b1', 'beta', ['ann1'], '2026-11-20T00:00:00Z', 'sent', '2026-11-20T00:05:00Z');
const click = (user: string, account: string, item: string, when: string) =>
  c.prepare("INSERT INTO engage_clicks (user_id, account_id, item_key, source_kind, source_key, channel, clicked_at) VALUES (?, ?, ?, 'announcement', 'ann1', 'email', ?)").run(user, account, item, at(when));
click('a1', 'alpha', 'w1', '2026-11-18T01:00:00Z');
click('c1', 'gamma', 'ann1', '2026-11-23T01:00:00Z'); // after the period
const progress = c.prepare('INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, first_view_at, first_engaged_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, 0)');
progress.run('c1', 'ann1', 'gamma', at('2026-11-18T02:00:00Z'), at('2026-11-18T02:10:00Z')); // after its mail: viewed and engaged
progress.run('a1', 'ann1', 'alpha', at('2026-11-16T01:00:00Z'), null); // before any mail or impression: not caused by them

describe('awareness funnel by channel', () => {
  it('counts people per channel: audience → reached → clicked → viewed → engaged', () => {
    const rows = getAwarenessByChannel(f.ctx()).filter((r) => r.key === 'ann1');
    // Audience: the 5 customer people of the 4 accounts ann1 is meant for (customers).
    // Portal: a1 and a2 shown it in the period (b1's impression is at 00:00 on 11-23 in Tokyo), a1 opened it;
    // nobody viewed ann1 or w1 after their impression.
    expect(rows.find((r) => r.channel === 'portal')).toMatchObject({ audience: 5, reached: 2, clicked: 1, viewed: 0, engaged: 0 });
    // Email: delivered to a1, c1 and (weekly digest) b1, not d1 (failed); a1 clicked (c1's click is after the
    // period); c1 viewed and engaged after the mail, a1's view was before it.
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ audience: 5, reached: 3, clicked: 1, viewed: 1, engaged: 1 });
  });

  it('shows nothing of the mail before it was delivered', () => {
    const rows = getAwarenessByChannel(f.ctx({ period: 'custom', from: '2026-11-10', to: '2026-11-17' })).filter((r) => r.key === 'ann1');
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ reached: 0, clicked: 0, viewed: 0, engaged: 0 });
  });
});
