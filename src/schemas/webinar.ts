import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

/** A chapter marker inside a video: `at` is "m:ss" or "h:mm:ss" from the start. */
export const chapterSchema = z
  .object({
    /** Start of the chapter, "m:ss" or "h:mm:ss". */
    at: z.string().regex(/^(\d+:)?\d{1,2}:\d{2}$/, { message: 'use "m:ss" or "h:mm:ss", e.g. "1:30"' }),
    /** Chapter title. */
    title: z.string().min(1).max(80),
  })
  .strict();

/** A self-hosted video file (path under `content/media/`) or an external URL, with optional poster and chapters. */
export const videoSchema = z
  .object({
    /** Path under `content/media/` (e.g. `webinars/kickoff.mp4`) or an `https://` URL. Required. */
    src: z.string().min(1),
    /** Poster image path under `content/media/`. Optional. */
    poster: z.string().min(1).optional(),
    /** Chapter markers in playback order. Default none. */
    chapters: z.array(chapterSchema).default([]),
  })
  .strict();

/** Webinar (ウェビナー): a recorded session with its video. */
export const webinarSchema = z
  .object({
    ...baseFields,
    /** Pyramid level, default 2. */
    level: levelField('webinar'),
    /** The recording. Required. */
    video: videoSchema,
    /** Length of the recording in minutes (counts toward video minutes). Required, 1–600. */
    durationMinutes: z.number().min(0.1).max(600),
    /** When the webinar was held (YYYY-MM-DD). Required. */
    heldAt: z.coerce.date(),
    /** Speakers with their role or company. At least one. */
    speakers: z
      .array(z.object({ name: z.string().min(1).max(80), role: z.string().max(120).optional() }).strict())
      .min(1),
  })
  .strict();
export type WebinarData = z.output<typeof webinarSchema>;
