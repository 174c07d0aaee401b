import type { Db } from '../../../../db/client.ts';

export interface PlayRunSummary {
  playKey: string;
  lastRunAt: number | null;
  lastOutcome: string | null;
  lastQueued: number;
  fires: number;
  mails: number;
  delivered: number;
  clicked: number;
}

const SQL = `SELECT @k AS playKey,
  (SELECT ran_at FROM engage_play_runs WHERE play_key = @k ORDER BY ran_at DESC, id DESC LIMIT 1) AS lastRunAt,
  (SELECT outcome FROM engage_play_runs WHERE play_key = @k ORDER BY ran_at DESC, id DESC LIMIT 1) AS lastOutcome,
  coalesce((SELECT queued FROM engage_play_runs WHERE play_key = @k ORDER BY ran_at DESC, id DESC LIMIT 1), 0) AS lastQueued,
  (SELECT count(*) FROM engage_play_fires WHERE play_key = @k) AS fires,
  (SELECT count(*) FROM engage_sends WHERE source_kind = 'play' AND source_key = @k) AS mails,
  (SELECT count(*) FROM engage_sends es JOIN mail_outbox o ON o.idempotency_key = es.idempotency_key WHERE es.source_kind = 'play' AND es.source_key = @k AND o.state = 'sent') AS delivered,
  (SELECT count(DISTINCT user_id) FROM engage_clicks WHERE source_kind = 'play' AND source_key = @k) AS clicked`;

/** Per play: its last run (when, what it did) and everything it sent so far. */
export function listPlayRuns(db: Db, playKeys: string[]): PlayRunSummary[] {
  const stmt = db.$client.prepare(SQL);
  return playKeys.map((k) => stmt.get({ k }) as PlayRunSummary);
}
