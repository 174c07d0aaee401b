import type { EngageEnv } from './engage-env.ts';

const DAY = 86_400_000;
/** The longest cooldown a play may have (src/schemas/play.ts): what a play no longer in the content is given. */
const MAX_COOLDOWN_DAYS = 365;

// Per play: runs before @before go, except the play's latest (the "last run" /manage/engage shows).
const RUNS_SQL = `DELETE FROM engage_play_runs WHERE play_key = @play AND ran_at < @before
  AND id <> (SELECT id FROM engage_play_runs WHERE play_key = @play ORDER BY ran_at DESC, id DESC LIMIT 1)`;
const FIRES_SQL = 'DELETE FROM engage_play_fires WHERE play_key = @play AND fired_at < @before';
const KEYS_SQL = 'SELECT play_key AS play FROM engage_play_runs UNION SELECT play_key FROM engage_play_fires';

export interface PrunedPlayHistory {
  runs: number;
  fires: number;
}

/**
 * Retention of the plays' own history: a run is written per play at every evaluation (every quarter hour),
 * so without this the table grows by ~100 rows a play a day forever. Runs and fires older than
 * ENGAGE_PLAY_RUN_RETENTION_DAYS are deleted, but never one still inside its play's cooldown: the latest
 * fire per account is what holds the cooldown (run-plays.ts), so the cut-off is the older of the retention
 * and the cooldown. A play no longer in content/plays keeps the longest cooldown a play may have, in case it
 * comes back under the same key. Fire ids are AUTOINCREMENT, so the mails' idempotency keys (which carry
 * the fire id) are never reused after a delete.
 */
export function prunePlayHistory(env: EngageEnv): PrunedPlayHistory {
  const { db, now } = env;
  const cooldownOf = new Map(env.plays.map((p) => [p.key, p.cooldownDays]));
  const runs = db.$client.prepare(RUNS_SQL);
  const fires = db.$client.prepare(FIRES_SQL);
  const keys = (db.$client.prepare(KEYS_SQL).all() as { play: string }[]).map((r) => r.play);
  return db.transaction(() => {
    const pruned = { runs: 0, fires: 0 };
    for (const play of keys) {
      const keepDays = Math.max(env.playRunRetentionDays, cooldownOf.get(play) ?? MAX_COOLDOWN_DAYS);
      const before = now - keepDays * DAY;
      pruned.runs += runs.run({ play, before }).changes;
      pruned.fires += fires.run({ play, before }).changes;
    }
    return pruned;
  });
}
