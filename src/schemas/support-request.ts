import { z } from 'zod';

export const REQUEST_TOPICS = ['question', 'problem', 'content', 'other'] as const;
export const REQUEST_STATUSES = ['open', 'answered', 'closed'] as const;
export const REQUEST_MESSAGE_MAX = 4000;

/** The contact form: a topic, the message, the page it came from, and for content requests what was sought. */
export const supportRequestInput = z.object({
  topic: z.enum(REQUEST_TOPICS, { error: 'topic_required' }),
  message: z
    .string({ error: 'message_required' })
    .transform((m) => m.replace(/\r\n?/g, '\n').trim())
    .refine((m) => m.length > 0, 'message_required')
    .refine((m) => [...m].length <= REQUEST_MESSAGE_MAX, 'message_too_long'),
  /** Only a path on this portal is kept (no query, no other site). */
  page: z.string().max(500).optional(),
  /** Content requests: the words the person looked for, counted in the content-gap list without their name. */
  lookingFor: z.string().max(100, 'looking_for_too_long').optional(),
});

export const requestStatusInput = z.object({
  id: z.string().min(1).max(64),
  status: z.enum(REQUEST_STATUSES),
});

export type SupportRequestInput = z.infer<typeof supportRequestInput>;
