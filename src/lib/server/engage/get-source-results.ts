import type { Db } from '../../../../db/client.ts';

export interface SourceResultRow {
  accountId: string;
  accountName: string;
  segment: string;
  delivered: number;
  clicked: number;
  viewed: number;
  engaged: number;
}

// People, not mails: a person is `delivered` when their mail was accepted by the relay, `clicked` when they
// opened one of its tracked links, `viewed`/`engaged` when they opened/engaged with one of the mail's items
// after it was queued (whichever way they got there); engaged people are among the viewed, so the funnel only narrows.
const SQL = `WITH s AS (
    SELECT es.user_id, es.account_id, es.item_keys, es.created_at FROM engage_sends es
    JOIN mail_outbox o ON o.idempotency_key = es.idempotency_key
    WHERE es.source_kind = ? AND es.source_key = ? AND o.state = 'sent' AND es.account_id <> ''
  )
  SELECT a.id AS accountId, a.name AS accountName, a.segment AS segment, count(*) AS delivered,
    sum(EXISTS (SELECT 1 FROM engage_clicks c WHERE c.user_id = s.user_id AND c.source_kind = ? AND c.source_key = ?)) AS clicked,
    sum(EXISTS (SELECT 1 FROM json_each(s.item_keys) j JOIN tracking_progress p ON p.user_id = s.user_id AND p.content_key = j.value WHERE p.first_view_at >= s.created_at)) AS viewed,
    sum(EXISTS (SELECT 1 FROM json_each(s.item_keys) j JOIN tracking_progress p ON p.user_id = s.user_id AND p.content_key = j.value WHERE p.first_view_at >= s.created_at AND p.first_engaged_at >= s.created_at)) AS engaged
  FROM s JOIN accounts a ON a.id = s.account_id GROUP BY a.id ORDER BY delivered DESC, a.name`;

/** Delivered → clicked → viewed → engaged of one announcement or play, per account (with its segment). */
export function getSourceResults(db: Db, kind: 'announcement' | 'play', key: string): SourceResultRow[] {
  return db.$client.prepare(SQL).all(kind, key, kind, key) as SourceResultRow[];
}
