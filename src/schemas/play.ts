import { z } from 'zod';

// Plays are content (content/plays/*.yaml): automated nudges CS writes in git. Checked by
// `npm run content:check`, documented in docs/authoring.md ("Plays"), evaluated on a schedule by the server
// (src/lib/server/engage/run-plays.ts) and by `npm run engage -- run-once`.

const localized = (max: number) => z.object({ ja: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, e.g. "20:00"');
const key = z.string().regex(/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/, 'use 3–64 lower-case letters, digits and hyphens, starting with a letter (e.g. "onboarding-low-usage")');

/**
 * When a play fires for an account. `roadmap-overdue` arrives with success roadmaps (issue 17): its
 * evaluator plugs into TRIGGER_EVALUATORS in src/lib/server/engage/play-triggers.ts.
 */
export const playTriggerSchema = z.discriminatedUnion('kind', [
  /** Onboarding with too little viewing: from contract day `day` (until the onboarding window ends), viewing of the last 14 days under `minutes`. */
  z.object({ kind: z.literal('onboarding-low-viewing'), day: z.number().int().min(1).max(365), minutes: z.number().min(0).max(10_000) }).strict(),
  /** No viewing time in the account for `days` days (contract older than that). */
  z.object({ kind: z.literal('dormant'), days: z.number().int().min(1).max(730) }).strict(),
  /** Content published in the last `withinDays` days on the level just above the account's pyramid position. */
  z.object({ kind: z.literal('next-level-content'), withinDays: z.number().int().min(1).max(365) }).strict(),
  /** A survey (content/surveys/<survey>.yaml) is due for the person and not answered yet: they get the link /surveys/<survey>. */
  z.object({ kind: z.literal('survey-due'), survey: key }).strict(),
]);

export const playSchema = z
  .object({
    /** Stable id: runs, cooldowns and results are stored under it. */
    key,
    /** Name shown on /manage/engage. */
    title: localized(120),
    /** Off = checked and listed, never sent. Default true. */
    enabled: z.boolean().default(true),
    trigger: playTriggerSchema,
    /** Who gets it: `people` (everyone of the account who has nudges on), `customer-admins`, `csm` (a note to the account's CSM). At least one. */
    recipients: z.array(z.enum(['people', 'customer-admins', 'csm'])).min(1).max(3),
    /** The mail: subject and opening paragraph in both languages (the recommended items follow as links). */
    mail: z.object({ subject: localized(120), intro: localized(1500) }).strict(),
    /** Note to the CSM when `csm` is a recipient (defaults to the mail text). */
    csmNote: z.object({ subject: localized(120), intro: localized(1500) }).strict().optional(),
    /**
     * Items to recommend: `level` 1–5 or `next` (the account's next pyramid level), the first `count`
     * items there that nobody of the account has opened yet; or fixed `keys`. Default: none.
     */
    recommend: z
      .object({ level: z.union([z.number().int().min(1).max(5), z.literal('next')]).optional(), keys: z.array(z.string().min(1).max(64)).max(10).optional(), count: z.number().int().min(1).max(10).default(3) })
      .strict()
      .optional(),
    /** Days before the same play may fire again for the same account. Default 14. */
    cooldownDays: z.number().int().min(0).max(365).default(14),
    /** No mail between `start` and `end` (HH:MM in the reporting time zone, JISOU_TIMEZONE); the play waits for the next run after `end`. Default 20:00–08:00. */
    quietHours: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '20:00', end: '08:00' }),
  })
  .strict();
export type Play = z.output<typeof playSchema>;
export type PlayTrigger = z.output<typeof playTriggerSchema>;
