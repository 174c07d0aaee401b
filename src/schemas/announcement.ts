import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

/** Announcement (お知らせ): points people at content items and drives awareness. */
export const announcementSchema = z
  .object({
    ...baseFields,
    level: levelField('announcement'),
    kind: z.enum(['new-content', 'event', 'update']).default('new-content').meta({
      description: '`new-content` (points at new items), `event` or `update`.',
      ja: '`new-content`(新着コンテンツの案内)、`event`(イベント)、`update`(更新情報)。',
    }),
    refs: z.array(contentKey).default([]).meta({
      description: 'Keys of the items this announcement points at; each must exist.',
      ja: 'このお知らせで紹介するコンテンツのキー。存在するキーだけを書けます。',
    }),
    eventAt: z.coerce.date().optional().meta({
      description: 'For events: when it takes place (YYYY-MM-DD or ISO date-time).',
      ja: 'イベントの日時(YYYY-MM-DD または ISO 形式の日時)。',
    }),
    channels: z
      .array(z.enum(['portal', 'email']))
      .min(1)
      .default(['portal'])
      .refine((c) => new Set(c).size === c.length, { message: 'lists a channel twice; write each of `portal` and `email` at most once' })
      .meta({
        description:
          'Where the announcement goes: `[portal]` (default: the home page and the announcement list) or `[portal, email]` (also mailed once to everyone in its audience who wants announcements by mail, when `publishedAt` has come; people on the weekly digest get it there).',
        ja: 'お知らせの届け先: `[portal]`(既定: ホームとお知らせ一覧)または `[portal, email]`(`publishedAt` になったら、対象者のうちメールを希望する人に1回だけ送信。週1回まとめを選んだ人にはまとめで届きます)。',
      }),
    expiresAt: z.coerce.date().optional().meta({
      description: 'After this date the announcement leaves the home page.',
      ja: 'この日を過ぎるとホームに表示されなくなります。',
    }),
  })
  .strict()
  .meta({ description: 'Announcement: points people at content items and drives awareness.', ja: 'お知らせ: コンテンツを案内し、認知を広げます。' });
export type AnnouncementData = z.output<typeof announcementSchema>;
