import { bigint, boolean, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts, users } from './accounts.ts';

/**
 * One person's answers to one round of a survey (a repeating survey has a round per period). Saved answers
 * wait with `submitted_at` null until the person submits; only submitted answers count anywhere.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    surveyKey: text('survey_key').notNull(),
    /** 0 for the first time a survey is due, 1 for its first repetition, … */
    round: bigint('round', { mode: 'number' }).notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** JSON object: question id → number | string | string[]. */
    answers: text('answers').notNull().default('{}'),
    /** Filled from the NPS question when the survey has one (0–10), for the KPIs. */
    nps: bigint('nps', { mode: 'number' }),
    /** The success-story consent question was answered "yes". */
    consent: boolean('consent').notNull().default(false),
    submittedAt: bigint('submitted_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyKey, t.round, t.userId] }), index('survey_responses_account').on(t.accountId, t.submittedAt)],
);
