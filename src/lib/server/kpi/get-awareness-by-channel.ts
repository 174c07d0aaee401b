import { audiencePeopleOf, endOfDay } from './awareness-pairs.ts';
import { dialectOf, jsonEach, type Dialect } from '../db/dialect.ts';
import { prepared, type KpiContext } from './kpi-context.ts';

export interface ChannelFunnelRow {
  key: string;
  title: string;
  channel: 'portal' | 'email';
  /** People of the accounts the announcement is meant for. */
  audience: number;
  /** Portal: shown the announcement (impression). Email: their mail was delivered. */
  reached: number;
  /** Portal: opened the announcement from a listing. Email: opened a tracked link of the mail. */
  clicked: number;
  /** Opened the announcement or an item it points at, after being reached. */
  viewed: number;
  /** Engaged (active time or video coverage over the threshold) with one of them, after being reached. */
  engaged: number;
}

// Person-level funnel, one CTE per channel; `reached_at` is when the person was reached through that
// channel, and views count only from then on (a view before the mail was not caused by it).
// Flags are summed as CASE … THEN 1 ELSE 0 (PostgreSQL has no sum of booleans); the person's account does
// not matter here, so `email` groups by person alone.
const channelSql = (d: Dialect) => `WITH items(k) AS (SELECT value FROM ${jsonEach(d, '@items')}),
  portal AS (SELECT user_id, first_seen_at AS reached_at, CASE WHEN opened_at IS NOT NULL AND opened_at < @asOf THEN 1 ELSE 0 END AS clicked
    FROM tracking_announcement_reach WHERE announcement_key = @key AND account_id <> '' AND first_seen_at < @asOf),
  email AS (SELECT es.user_id, min(es.created_at) AS reached_at,
      CASE WHEN EXISTS (SELECT 1 FROM engage_clicks c WHERE c.user_id = es.user_id AND c.source_kind = 'announcement' AND c.source_key = @key AND c.clicked_at < @asOf) THEN 1 ELSE 0 END AS clicked
    FROM engage_sends es JOIN mail_outbox o ON o.idempotency_key = es.idempotency_key
    WHERE es.source_kind IN ('announcement', 'announcement-digest') AND o.state = 'sent' AND o.sent_at < @asOf AND es.account_id <> ''
      AND EXISTS (SELECT 1 FROM ${jsonEach(d, 'es.item_keys')} j WHERE j.value = @key)
    GROUP BY es.user_id),
  reached AS (SELECT 'portal' AS channel, * FROM portal UNION ALL SELECT 'email', * FROM email)
  SELECT channel, count(*) AS reached, sum(clicked) AS clicked,
    sum(CASE WHEN EXISTS (SELECT 1 FROM tracking_progress p JOIN items ON items.k = p.content_key WHERE p.user_id = r.user_id AND p.first_view_at >= r.reached_at AND p.first_view_at < @asOf) THEN 1 ELSE 0 END) AS viewed,
    sum(CASE WHEN EXISTS (SELECT 1 FROM tracking_progress p JOIN items ON items.k = p.content_key WHERE p.user_id = r.user_id AND p.first_view_at >= r.reached_at AND p.first_engaged_at >= r.reached_at AND p.first_engaged_at < @asOf) THEN 1 ELSE 0 END) AS engaged
  FROM reached r GROUP BY channel`;

/**
 * Per announcement and channel: audience → reached → clicked → viewed → engaged, in people, as of the end
 * of the period. The portal row counts impressions on the home page and lists; the email row counts mails
 * delivered (immediately or in a weekly digest) and clicks on their tracked links. No tracking pixels: a
 * mail that was delivered but never clicked is "reached", never "opened".
 */
export function getAwarenessByChannel(ctx: KpiContext): ChannelFunnelRow[] {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  const out: ChannelFunnelRow[] = [];
  for (const item of ctx.content.items.filter((i) => i.type === 'announcement' && i.publishedAt.getTime() < asOf)) {
    const audience = audiencePeopleOf(ctx, item);
    const rows = prepared(ctx.db, channelSql(dialectOf(ctx.db))).all({ items: JSON.stringify([item.key, ...item.refs]), key: item.key, asOf }) as { channel: 'portal' | 'email'; reached: number; clicked: number; viewed: number; engaged: number }[];
    for (const channel of ['portal', 'email'] as const) {
      const r = rows.find((x) => x.channel === channel);
      out.push({ key: item.key, title: item.title, channel, audience, reached: r?.reached ?? 0, clicked: r?.clicked ?? 0, viewed: r?.viewed ?? 0, engaged: r?.engaged ?? 0 });
    }
  }
  return out;
}
