import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

/**
 * A community event people can join (only with `kind: event`). Events stay announcements: the page that
 * makes people aware of the event is the one they register on, and its reach and awareness are measured
 * like any announcement's.
 */
export const eventSchema = z
  .object({
    startsAt: z.coerce.date().meta({ description: 'Start, ISO date-time with offset, e.g. `2026-12-10T16:00:00+09:00`.', ja: '開始日時(オフセット付き ISO 形式)。例: `2026-12-10T16:00:00+09:00`。' }),
    endsAt: z.coerce.date().meta({ description: 'End, ISO date-time with offset; after `startsAt`.', ja: '終了日時(オフセット付き ISO 形式)。`startsAt` より後。' }),
    place: z.string().min(1).max(200).optional().meta({ description: 'Venue address or room, for events in person.', ja: '会場(対面のイベント)。' }),
    onlineUrl: z.url().optional().meta({ description: 'Link to join online (shown to registered people only).', ja: 'オンライン参加のURL(申し込んだ人にだけ表示)。' }),
    capacity: z.number().int().min(1).max(100_000).optional().meta({ description: 'Seats; registration closes when they are taken. Omit for no limit.', ja: '定員。埋まると申し込みを締め切ります。省略すると上限なし。' }),
    registrationDeadline: z.coerce.date().optional().meta({ description: 'Last moment to register or cancel (default: the start).', ja: '申し込み・キャンセルの締め切り(省略すると開始日時)。' }),
    recording: contentKey.optional().meta({ description: 'After the event: key of the webinar with its recording; each must exist.', ja: '開催後: 録画のウェビナーのキー。存在するキーだけを書けます。' }),
  })
  .strict()
  .refine((e) => e.endsAt > e.startsAt, { message: '`endsAt` must be after `startsAt`', path: ['endsAt'] })
  .refine((e) => e.place !== undefined || e.onlineUrl !== undefined, { message: 'an event needs a `place` or an `onlineUrl`', path: ['place'] })
  .refine((e) => !e.registrationDeadline || e.registrationDeadline <= e.startsAt, { message: '`registrationDeadline` must not be after `startsAt`', path: ['registrationDeadline'] });
export type EventData = z.output<typeof eventSchema>;

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
    event: eventSchema.optional().meta({
      description: 'With `kind: event`: an event people register for (date and time, place or link, capacity, deadline, recording). Attending one is what places an account on pyramid level 4.',
      ja: '`kind: event` のとき: 申し込みできるイベント(日時、会場またはURL、定員、締め切り、録画)。参加するとアカウントがピラミッドの4段目に上がります。',
    }),
  })
  .strict()
  .refine((a) => a.event === undefined || a.kind === 'event', { message: '`event` is only allowed with `kind: event`', path: ['event'] })
  .meta({ description: 'Announcement: points people at content items and drives awareness.', ja: 'お知らせ: コンテンツを案内し、認知を広げます。' });
export type AnnouncementData = z.output<typeof announcementSchema>;
