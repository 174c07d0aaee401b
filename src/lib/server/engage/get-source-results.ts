import type { Db } from '../../../../db/client.ts';
import { dialectOf, jsonEach, type Dialect } from '../db/dialect.ts';

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
// Flags summed as CASE … THEN 1 ELSE 0 (PostgreSQL has no sum of booleans).
const sourceSql = (d: Dialect) => `WITH s AS (
    SELECT es.user_id, es.account_id, es.item_keys, es.created_at FROM engage_sends es
    JOIN mail_outbox o ON o.idempotency_key = es.idempotency_key
    WHERE es.source_kind = ? AND es.source_key = ? AND o.state = 'sent' AND es.account_id <> ''
  )
  SELECT a.id AS accountId, a.name AS accountName, a.segment AS segment, count(*) AS delivered,
    sum(CASE WHEN EXISTS (SELECT 1 FROM engage_clicks c WHERE c.user_id = s.user_id AND c.source_kind = ? AND c.source_key = ?) THEN 1 ELSE 0 END) AS clicked,
    sum(CASE WHEN EXISTS (SELECT 1 FROM ${jsonEach(d, 's.item_keys')} j JOIN tracking_progress p ON p.user_id = s.user_id AND p.content_key = j.value WHERE p.first_view_at >= s.created_at) THEN 1 ELSE 0 END) AS viewed,
    sum(CASE WHEN EXISTS (SELECT 1 FROM ${jsonEach(d, 's.item_keys')} j JOIN tracking_progress p ON p.user_id = s.user_id AND p.content_key = j.value WHERE p.first_view_at >= s.created_at AND p.first_engaged_at >= s.created_at) THEN 1 ELSE 0 END) AS engaged
  FROM s JOIN accounts a ON a.id = s.account_id GROUP BY a.id, a.name, a.segment ORDER BY delivered DESC, a.name, a.id`;

/** Delivered → clicked → viewed → engaged of one announcement or play, per account (with its segment). */
export function getSourceResults(db: Db, kind: 'announcement' | 'play', key: string): SourceResultRow[] {
  return db.$client.prepare(sourceSql(dialectOf(db))).all(kind, key, kind, key) as SourceResultRow[];
}
