import { z } from 'zod';

const result = z.object({ label: z.string().trim().max(60, 'result_too_long'), value: z.string().trim().max(40, 'result_too_long'), before: z.string().trim().max(40, 'result_too_long') });

/** The "share your success" form: a case study or a talk, what they achieved, figures, consent to publish. */
export const storyInput = z.object({
  kind: z.enum(['case-study', 'talk'], { error: 'kind_required' }),
  title: z.string({ error: 'title_required' }).trim().min(1, 'title_required').max(120, 'title_too_long'),
  story: z.string({ error: 'story_required' }).trim().min(20, 'story_too_short').max(6000, 'story_too_long'),
  industry: z.string().trim().max(60, 'industry_too_long').optional(),
  results: z.array(result).max(5),
  consent: z.literal('yes', { error: 'consent_required' }),
});

export const storyReviewInput = z.object({ id: z.string().min(1).max(64), decision: z.enum(['accept', 'decline']) });
