import { z } from 'zod';

// Surveys are content (content/surveys/*.yaml), checked by `npm run content:check` and documented in
// docs/authoring.md ("Surveys"). Every text is given in ja and en; answers are stored per person and round.

/** A text in both UI languages. */
const localized = (max: number) => z.object({ ja: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and hyphens, starting with a letter (e.g. "ease-of-setup")');

const base = {
  /** Stable id of the question within the survey: answers are stored under it. */
  id,
  /** The question as the person reads it. */
  text: localized(300),
  /** Must be answered before the survey can be submitted. Default true (false for free text). */
  required: z.boolean().optional(),
};

const option = z.object({ value: id, label: localized(120) }).strict();

export const surveyQuestionSchema = z.discriminatedUnion('type', [
  /** Net Promoter Score: 0–10 "how likely to recommend", with an optional reason. */
  z.object({ ...base, type: z.literal('nps'), reason: localized(200).optional() }).strict(),
  /** A 1–5 scale with optional labels for its ends. */
  z.object({ ...base, type: z.literal('scale'), minLabel: localized(60).optional(), maxLabel: localized(60).optional() }).strict(),
  /**
   * One choice out of 2–12. `consent: success-story` marks the question "may we present your success?": the
   * option `yes` then counts as the account's consent (stage A).
   */
  z.object({ ...base, type: z.literal('single'), options: z.array(option).min(2).max(12), consent: z.literal('success-story').optional() }).strict(),
  /** Any number of choices out of 2–12. */
  z.object({ ...base, type: z.literal('multiple'), options: z.array(option).min(2).max(12) }).strict(),
  /** Free text, at most `maxLength` characters (default 2,000). */
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(5000).optional() }).strict(),
]);

export const surveySchema = z
  .object({
    /** Stable key: the answer page is `/surveys/<key>` and answers are stored under it. */
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'use lower-case letters, digits and hyphens (e.g. "onboarding-day30")'),
    title: localized(120),
    /** Shown above the questions: why you ask and how long it takes. */
    intro: localized(600).optional(),
    /**
     * Who is asked: `everyone` (every person of the account), `customer-admins`, or `one-per-account`
     * (every person until one of them answers for the account).
     */
    audience: z.enum(['everyone', 'customer-admins', 'one-per-account']).default('everyone'),
    /** When it is due: this many days after the account's contract start, then every `repeatEveryDays` if set. */
    due: z.object({
      afterContractDays: z.number().int().min(0).max(3650),
      repeatEveryDays: z.number().int().min(7).max(3650).optional(),
      /** Also wait until the account finished this stage (1 = the first) of its success roadmap: every action done. */
      afterRoadmapStage: z.number().int().min(1).max(30).optional(),
    }).strict(),
    /** One answer closes the round for the person (`per-person`) or for the whole account (`per-account`). */
    closes: z.enum(['per-person', 'per-account']).default('per-person'),
    /** Drafts are checked but never asked. */
    draft: z.boolean().default(false),
    questions: z.array(surveyQuestionSchema).min(1).max(30),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice; give each question its own id` });
      seen.add(q.id);
      if ('options' in q) {
        const values = new Set<string>();
        q.options.forEach((o, j) => {
          if (values.has(o.value)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options', j, 'value'], message: `option "${o.value}" is listed twice` });
          values.add(o.value);
        });
        if ('consent' in q && q.consent && !values.has('yes')) ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'a consent question needs an option with value "yes"' });
      }
    });
  });

export type Survey = z.infer<typeof surveySchema>;
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;
