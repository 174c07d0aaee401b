import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

/** Announcement (お知らせ): points people at content items and drives awareness. */
export const announcementSchema = z
  .object({
    ...baseFields,
    /** Pyramid level, default 4 (community). */
    level: levelField('announcement'),
    /** `new-content`, `event` or `update`. Default `new-content`. */
    kind: z.enum(['new-content', 'event', 'update']).default('new-content'),
    /** Keys of the items this announcement points at (each must exist). Default none. */
    refs: z.array(contentKey).default([]),
    /** For events: when it takes place (YYYY-MM-DD or ISO date-time). Optional. */
    eventAt: z.coerce.date().optional(),
    /** After this date the announcement leaves the home page. Optional. */
    expiresAt: z.coerce.date().optional(),
  })
  .strict();
export type AnnouncementData = z.output<typeof announcementSchema>;
