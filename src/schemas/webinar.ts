import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

/** A chapter marker inside a video: `at` is "m:ss" or "h:mm:ss" from the start. */
export const chapterSchema = z
  .object({
    at: z
      .string()
      .regex(/^(\d+:)?\d{1,2}:\d{2}$/, { message: 'use "m:ss" or "h:mm:ss", e.g. "1:30"' })
      .meta({ description: 'Start of the chapter, "m:ss" or "h:mm:ss" (quote it in YAML: `"1:30"`).', ja: 'チャプターの開始位置。"m:ss" または "h:mm:ss"(YAML では `"1:30"` のように引用符で囲みます)。' }),
    title: z.string().min(1).max(80).meta({ description: 'Chapter title.', ja: 'チャプター名。' }),
  })
  .strict();

/** A self-hosted video file (path under `content/media/`) or an external URL, with optional poster and chapters. */
export const videoSchema = z
  .object({
    src: z.string().min(1).meta({
      description: 'Path under `content/media/` (e.g. `webinars/kickoff.mp4`) or an `https://` URL.',
      ja: '`content/media/` からのパス(例: `webinars/kickoff.mp4`)または `https://` の URL。',
    }),
    poster: z.string().min(1).optional().meta({ description: 'Poster image path under `content/media/`.', ja: 'ポスター画像の `content/media/` からのパス。' }),
    chapters: z.array(chapterSchema).default([]).meta({ description: 'Chapter markers in playback order, within the video length.', ja: '再生順のチャプター。動画の長さの範囲内で書きます。' }),
  })
  .strict();

/** Webinar (ウェビナー): a recorded session with its video. */
export const webinarSchema = z
  .object({
    ...baseFields,
    level: levelField('webinar'),
    video: videoSchema.meta({ description: 'The recording.', ja: '録画。' }),
    durationMinutes: z.number().min(0.1).max(600).meta({
      description: 'Length of the recording in minutes (counts toward video minutes in content volume).',
      ja: '録画の長さ(分)。コンテンツ作成量の動画時間に数えられます。',
    }),
    heldAt: z.coerce.date().meta({ description: 'When the webinar was held.', ja: 'ウェビナーの開催日。' }),
    speakers: z
      .array(
        z
          .object({
            name: z.string().min(1).max(80).meta({ description: 'Speaker name.', ja: '登壇者名。' }),
            role: z.string().max(120).optional().meta({ description: 'Role or company.', ja: '役職・会社名。' }),
          })
          .strict(),
      )
      .min(1)
      .meta({ description: 'Speakers, at least one.', ja: '登壇者。1人以上。' }),
  })
  .strict()
  .meta({ description: 'Webinar: a recorded session with its video.', ja: 'ウェビナー: 録画された講座と動画。' });
export type WebinarData = z.output<typeof webinarSchema>;
