import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { configSchema } from '../../src/schemas/config.ts';
import { prunePlayHistory } from '../../src/lib/server/engage/prune-play-history.ts';
import { engageEnv, runEngageJobs } from '../../src/lib/server/engage/run-engage-jobs.ts';
import { ROOT } from '../support/server.ts';

// Retention of engage_play_runs / engage_play_fires with the repository's plays (cooldowns: dormant-30 30 days,
// next-level-content 21, onboarding-low-usage 14) and one play no longer in content/plays.
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T03:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'jisou-prune-plays-'));
const db = openDatabase(join(dir, 'p.sqlite'));
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});
const run = (play: string, daysAgo: number) => db.$client.prepare("INSERT INTO engage_play_runs (play_key, ran_at, outcome, accounts, queued) VALUES (?, ?, 'ran', 1, 1)").run(play, NOW - daysAgo * DAY);
const fire = (play: string, account: string, daysAgo: number) => db.$client.prepare('INSERT INTO engage_play_fires (play_key, account_id, fired_at, recipients) VALUES (?, ?, ?, 1)').run(play, account, NOW - daysAgo * DAY);
for (const d of [40, 20, 1]) run('dormant-30', d);
for (const d of [100, 15, 10]) run('onboarding-low-usage', d);
run('next-level-content', 200); // its only run, long ago
for (const d of [400, 366, 300]) run('gone-play', d);
fire('dormant-30', 'acct-acme', 31);
fire('dormant-30', 'acct-acme', 29); // holds acme's cooldown until tomorrow
fire('onboarding-low-usage', 'acct-globex', 20);
fire('onboarding-low-usage', 'acct-globex', 13);

const envWith = (days: string) => engageEnv(db, ROOT, configSchema.parse({ ENGAGE_PLAY_RUN_RETENTION_DAYS: days }), NOW);
const runsLeft = () => (db.$client.prepare('SELECT play_key AS play, ran_at AS at FROM engage_play_runs ORDER BY play_key, ran_at').all() as { play: string; at: number }[]).map((r) => `${r.play} -${Math.round((NOW - r.at) / DAY)}d`);
const firesLeft = () => (db.$client.prepare('SELECT play_key AS play, fired_at AS at FROM engage_play_fires ORDER BY play_key, fired_at').all() as { play: string; at: number }[]).map((r) => `${r.play} -${Math.round((NOW - r.at) / DAY)}d`);

describe('play history retention (ENGAGE_PLAY_RUN_RETENTION_DAYS)', () => {
  it('deletes runs and fires past the retention, keeping each play’s last run', () => {
    expect(prunePlayHistory(envWith('90'))).toEqual({ runs: 3, fires: 0 });
    expect(runsLeft()).toEqual([
      'dormant-30 -40d', 'dormant-30 -20d', 'dormant-30 -1d',
      // A removed play keeps a year (the longest cooldown a play may have), should it come back.
      'gone-play -300d',
      'next-level-content -200d', // the last run, shown on /manage/engage
      'onboarding-low-usage -15d', 'onboarding-low-usage -10d',
    ]);
    expect(firesLeft()).toHaveLength(4);
  });

  it('never deletes a run or fire still inside its play’s cooldown, however short the retention', () => {
    expect(prunePlayHistory(envWith('7'))).toEqual({ runs: 2, fires: 2 });
    expect(runsLeft()).toEqual(['dormant-30 -20d', 'dormant-30 -1d', 'gone-play -300d', 'next-level-content -200d', 'onboarding-low-usage -10d']);
    // The fires that hold the cooldowns (29 days of 30, 13 of 14) stay: the plays still skip those accounts.
    expect(firesLeft()).toEqual(['dormant-30 -29d', 'onboarding-low-usage -13d']);
    expect(prunePlayHistory(envWith('7'))).toEqual({ runs: 0, fires: 0 });
  });

  it('runs with the scheduled plays', async () => {
    run('onboarding-low-usage', 60);
    const r = await runEngageJobs(envWith('30'), 'test-holder', { force: true });
    // Each enabled play ran now; then onboarding's run of 60 days ago went, and next-level-content's of 200
    // days, no longer its last.
    expect(r.pruned).toEqual({ runs: 2, fires: 0 });
    expect(runsLeft().filter((x) => x.startsWith('onboarding-low-usage') || x.startsWith('next-level-content'))).toEqual(['next-level-content -0d', 'onboarding-low-usage -10d', 'onboarding-low-usage -0d']);
  });
});
