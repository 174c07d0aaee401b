import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts, users } from './accounts.ts';

/**
 * One person's answers to one round of a survey (a repeating survey has a round per period). Saved answers
 * wait with `submitted_at` null until the person submits; only submitted answers count anywhere.
 */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    surveyKey: text('survey_key').notNull(),
    /** 0 for the first time a survey is due, 1 for its first repetition, … */
    round: integer('round').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** JSON object: question id → number | string | string[]. */
    answers: text('answers').notNull().default('{}'),
    /** Filled from the NPS question when the survey has one (0–10), for the KPIs. */
    nps: integer('nps'),
    /** The success-story consent question was answered "yes". */
    consent: integer('consent', { mode: 'boolean' }).notNull().default(false),
    submittedAt: integer('submitted_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyKey, t.round, t.userId] }), index('survey_responses_account').on(t.accountId, t.submittedAt)],
);
