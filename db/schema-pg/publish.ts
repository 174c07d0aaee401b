import { bigint, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * One run of the publish pipeline (`npm run publish`, a forge webhook, or "publish now" on /manage/publish):
 * what was published, by whom, how long it took and how it ended. A failed run keeps the report that
 * stopped it (content:check output, build or smoke-check errors) for the author to read.
 */
export const publishRuns = pgTable(
  'publish_runs',
  {
    id: text('id').primaryKey(),
    /** `cli`, `rollback`, `manual` (the button), `github`, `gitlab`, `gitea`. */
    trigger: text('trigger').notNull(),
    /** Who asked: a staff email for the button, the pusher for a webhook, the OS user for the CLI. */
    requestedBy: text('requested_by'),
    /** Commit published (full hash), its author and subject, read from git after the pull. */
    commit: text('commit'),
    commitAuthor: text('commit_author'),
    commitSubject: text('commit_subject'),
    /** `running`, `ok`, `failed`. */
    result: text('result').notNull(),
    /** The step a failed run stopped at: pull, check, build, smoke, switch. */
    failedStep: text('failed_step'),
    /** Plain text shown on /manage/publish for a failed run (at most 20,000 characters). */
    report: text('report'),
    /** Release folder name the run built (releases/<id>/). */
    releaseId: text('release_id'),
    /** Step timings, JSON `[{ "step": "build", "ms": 8123 }, …]`. */
    steps: text('steps'),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    durationMs: bigint('duration_ms', { mode: 'number' }),
  },
  (t) => [index('publish_runs_started').on(t.startedAt)],
);

/** Webhook deliveries already accepted (forge + delivery id): a replayed delivery is refused. */
export const publishDeliveries = pgTable(
  'publish_deliveries',
  {
    forge: text('forge').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.forge, t.deliveryId] })],
);
