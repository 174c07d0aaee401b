import { audiencePeopleOf, endOfDay } from './awareness-pairs.ts';
import { dialectOf, jsonEach, type Dialect } from '../db/dialect.ts';
import { accountsOf, prepared, type KpiContext } from './kpi-context.ts';
import { startOfDayInZone } from './period.ts';

export interface ItemChannelFunnelRow {
  key: string;
  title: string;
  type: string;
  channel: 'portal' | 'email';
  /** People of the accounts the item is meant for. */
  audience: number;
  /** Portal: shown the item in a listing (impression). Email: a mail linking to it was delivered to them. */
  reached: number;
  /** Email: opened a tracked link to the item. Portal: null (opening the item there is the view itself). */
  clicked: number | null;
  /** Opened the item after being reached through the channel. */
  viewed: number;
  /** Engaged with it (active time or video coverage over the threshold) after being reached. */
  engaged: number;
}

// The items the funnel is for: every content key a delivered mail linked to (an announcement and the items
// it points at, a play's recommendations, a digest's announcements), tracked per person by /r/<token>.
// Per person × item: when the first such mail was delivered, and whether the person clicked a tracked
// link to the item before the end of the period.
// A person's sends carry the account they were in (one, unless they moved): max() names it on both backends.
const emailSql = (d: Dialect) => `WITH mail AS (
    SELECT j.value AS k, es.user_id AS u, max(es.account_id) AS a, min(o.sent_at) AS reachedAt
    FROM engage_sends es JOIN mail_outbox o ON o.idempotency_key = es.idempotency_key CROSS JOIN ${jsonEach(d, 'es.item_keys')} j
    WHERE o.state = 'sent' AND o.sent_at < @asOf AND es.account_id <> ''
    GROUP BY j.value, es.user_id)
  SELECT m.k, m.a, m.reachedAt,
    CASE WHEN EXISTS (SELECT 1 FROM engage_clicks c WHERE c.item_key = m.k AND c.user_id = m.u AND c.channel = 'email' AND c.clicked_at < @asOf) THEN 1 ELSE 0 END AS clicked,
    p.first_view_at AS viewAt, p.first_engaged_at AS engagedAt
  FROM mail m LEFT JOIN tracking_progress p ON p.user_id = m.u AND p.content_key = m.k`;

// Portal impressions of those items, per person: the first day (reporting time zone) with one, and the
// person's first impression of any kind (a mail click also counts as one, see record-click.ts).
// The progress columns are one row per person × item (grouped by for PostgreSQL, which cannot know that).
const portalSql = (d: Dialect) => `SELECT d.content_key AS k, max(d.account_id) AS a, min(d.day) AS firstDay,
    p.first_impression_at AS impressionAt, p.first_view_at AS viewAt, p.first_engaged_at AS engagedAt,
    (SELECT min(c.clicked_at) FROM engage_clicks c WHERE c.item_key = d.content_key AND c.user_id = d.user_id) AS firstClickAt
  FROM tracking_daily d LEFT JOIN tracking_progress p ON p.user_id = d.user_id AND p.content_key = d.content_key
  WHERE d.impressions > 0 AND d.day <= @lastDay AND d.account_id <> ''
    AND d.content_key IN (SELECT j.value FROM engage_sends es CROSS JOIN ${jsonEach(d, 'es.item_keys')} j)
  GROUP BY d.content_key, d.user_id, p.first_impression_at, p.first_view_at, p.first_engaged_at`;

interface Tally {
  reached: number;
  clicked: number;
  viewed: number;
  engaged: number;
}

/** Viewed and engaged count only from the moment the person was reached (a view before was not caused by it). */
function add(t: Tally, reachedAt: number, viewAt: number | null, engagedAt: number | null, asOf: number, clicked = false): void {
  t.reached += 1;
  if (clicked) t.clicked += 1;
  if (viewAt === null || viewAt < reachedAt || viewAt >= asOf) return;
  t.viewed += 1;
  if (engagedAt !== null && engagedAt >= reachedAt && engagedAt < asOf) t.engaged += 1;
}

/**
 * Per content item linked in mails, and per channel: audience → reached → clicked → viewed → engaged, in
 * people of active accounts, as of the end of the period. The portal's reach time is the person's first
 * impression unless that was a mail click (the portal listing came later, on its first day with an
 * impression); the portal has no click of its own for an item, so its `clicked` is null.
 */
export function getAwarenessByItemChannel(ctx: KpiContext): ItemChannelFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const zone = ctx.settings.timeZone;
  const active = new Set(accountsOf(ctx).map((a) => a.id));
  const tallies = new Map<string, { email: Tally; portal: Tally }>();
  const tallyOf = (k: string) => {
    let t = tallies.get(k);
    if (!t) tallies.set(k, (t = { email: { reached: 0, clicked: 0, viewed: 0, engaged: 0 }, portal: { reached: 0, clicked: 0, viewed: 0, engaged: 0 } }));
    return t;
  };
  const email = prepared(ctx.db, emailSql(dialectOf(ctx.db))).all({ asOf }) as { k: string; a: string; reachedAt: number; clicked: number; viewAt: number | null; engagedAt: number | null }[];
  for (const r of email) if (active.has(r.a)) add(tallyOf(r.k).email, r.reachedAt, r.viewAt, r.engagedAt, asOf, r.clicked === 1);
  const dayStart = new Map<string, number>();
  const startOf = (day: string) => dayStart.get(day) ?? (dayStart.set(day, startOfDayInZone(day, zone)), dayStart.get(day)!);
  const portal = prepared(ctx.db, portalSql(dialectOf(ctx.db))).all({ lastDay: ctx.periods.current.to }) as {
    k: string; a: string; firstDay: string; impressionAt: number | null; viewAt: number | null; engagedAt: number | null; firstClickAt: number | null;
  }[];
  for (const r of portal) {
    // Only the items a delivered mail linked to (the ones the email query found).
    if (!active.has(r.a) || !tallies.has(r.k)) continue;
    const clickFirst = r.impressionAt === null || (r.firstClickAt !== null && r.firstClickAt <= r.impressionAt);
    const reachedAt = clickFirst ? Math.max(r.firstClickAt ?? 0, startOf(r.firstDay)) : r.impressionAt!;
    add(tallyOf(r.k).portal, reachedAt, r.viewAt, r.engagedAt, asOf);
  }
  const rows: ItemChannelFunnelRow[] = [];
  for (const [key, t] of tallies) {
    const item = ctx.content.byKey.get(key);
    if (!item) continue; // linked once, since removed from the content
    const audience = audiencePeopleOf(ctx, item);
    for (const channel of ['email', 'portal'] as const) {
      const c = t[channel];
      rows.push({ key, title: item.title, type: item.type, channel, audience, reached: c.reached, clicked: channel === 'portal' ? null : c.clicked, viewed: c.viewed, engaged: c.engaged });
    }
  }
  return rows.sort((a, b) => a.title.localeCompare(b.title, 'ja') || a.channel.localeCompare(b.channel));
}
