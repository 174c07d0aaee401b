import { z } from 'zod';

export const FEEDBACK_COMMENT_MAX = 1000;

/** The "was this page helpful?" form: which item, yes or no, an optional comment, where to go back. */
export const feedbackInput = z.object({
  key: z.string().trim().min(1, 'key_required').max(200, 'key_required'),
  helpful: z.enum(['yes', 'no'], { error: 'helpful_required' }),
  comment: z
    .string()
    .max(FEEDBACK_COMMENT_MAX * 4, 'comment_too_long')
    .optional()
    .transform((c) => (c ?? '').replace(/\r\n?/g, '\n').trim())
    .refine((c) => [...c].length <= FEEDBACK_COMMENT_MAX, 'comment_too_long'),
  next: z.string().max(2000).optional(),
});

export type FeedbackInput = z.infer<typeof feedbackInput>;
