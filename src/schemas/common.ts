import { z } from 'astro/zod';

/** Pyramid levels: stable identifiers used in data and URLs (labels live in i18n). */
export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const SEGMENTS = ['high', 'low', 'tech'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const CONTENT_TYPES = ['manual', 'article', 'webinar', 'case-study', 'announcement', 'roadmap'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** Where an item sits on the pyramid when its frontmatter does not say. */
export const DEFAULT_LEVEL: Record<ContentType, Level> = {
  manual: 1,
  article: 2,
  webinar: 2,
  'case-study': 3,
  announcement: 4,
  roadmap: 1,
};

export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/**
 * Stable content key: lowercase letters, digits and hyphens, 3–64 characters.
 * It identifies the item in URLs, links, roadmaps, tracking and KPIs, so it must never change
 * when the file is renamed or moved. Translations of one item share the same key.
 */
export const contentKey = z
  .string()
  .regex(KEY_PATTERN, {
    message:
      'must be 3–64 characters of a-z, 0-9 and "-", starting and ending with a letter or digit (e.g. "getting-started")',
  });

/**
 * Who may open an item: `public`, `customers`, or `{ segments, plans }` (staff always see everything).
 * Documented through `.meta()` so docs/authoring.md is generated from it.
 */
export const audience = z
  .union([
    z.literal('public'),
    z.literal('customers'),
    z
      .object({
        segments: z.array(z.enum(SEGMENTS)).default([]).meta({
          description: 'Account segments allowed to open the item: `high`, `low`, `tech` (high touch, low touch, tech touch).',
          ja: '閲覧できるアカウントのセグメント: `high`(ハイタッチ)、`low`(ロータッチ)、`tech`(テックタッチ)。',
        }),
        plans: z.array(z.string().min(1)).default([]).meta({
          description: 'Plans allowed to open the item, as written in the account records (e.g. `enterprise`).',
          ja: '閲覧できる契約プラン名(アカウント情報の表記どおり。例: `enterprise`)。',
        }),
      })
      .strict()
      .refine((a) => a.segments.length + a.plans.length > 0, {
        message: 'a restricted audience needs at least one segment (high, low, tech) or one plan',
      }),
  ])
  .default('customers')
  .meta({
    description:
      'Who may open the item: `public` (anyone, signed in or not), `customers` (any signed-in person), or `{ segments: [...], plans: [...] }` (only accounts whose segment **or** plan is listed; at least one entry). Staff always see everything.',
    ja: '閲覧できる人: `public`(ログイン不要で誰でも)、`customers`(ログインした人全員)、または `{ segments: [...], plans: [...] }`(セグメント**または**プランが一致するアカウントのみ。どちらか1つ以上必須)。社内スタッフは常にすべて閲覧できます。',
  });
export type Audience = z.output<typeof audience>;

/** Fields every content type shares (documented with `.meta()`; docs/authoring.md is generated from it). */
export const baseFields = {
  key: contentKey.meta({
    description:
      'Stable content key: 3–64 characters of a-z, 0-9 and "-". It identifies the item in URLs, links, roadmaps and KPIs, so never change it when the file is renamed or moved. Translations share the same key.',
    ja: '安定したコンテンツキー: a-z・0-9・"-" の3〜64文字。URL、リンク、ロードマップ、KPI でこの項目を識別するため、ファイル名の変更や移動をしても変えません。翻訳版は同じキーを使います。',
  }),
  title: z.string().min(1).max(120).meta({
    description: 'Title shown in lists, as the page heading and in the browser tab.',
    ja: '一覧、ページ見出し、ブラウザのタブに表示されるタイトル。',
  }),
  description: z.string().min(1).max(300).meta({
    description: 'One or two sentences shown in lists and search results.',
    ja: '一覧と検索結果に表示される1〜2文の説明。',
  }),
  locale: z.enum(LOCALES).default('ja').meta({
    description: 'Language of this file. Translations of one item share its `key`.',
    ja: 'このファイルの言語。同じ項目の翻訳版は同じ `key` を使います。',
  }),
  audience,
  draft: z.boolean().default(false).meta({
    description: '`true` while writing: staff preview the page on the live portal (with a 「下書き / Draft」 banner, same URL, shareable among staff); customers and visitors get 404, and no listing, search index, feed or mail includes it.',
    ja: '執筆中は `true`。スタッフは公開中のポータルで「下書き / Draft」の帯付きでプレビューできます(同じURLをスタッフ同士で共有可)。お客さまと未ログインの人には 404 になり、一覧・検索・メールにも載りません。',
  }),
  tags: z.array(z.string().min(1).max(40)).max(12).default([]).meta({
    description: 'Free-form tags used by list filters, e.g. `[初期設定, 権限]`.',
    ja: '一覧の絞り込みに使う自由なタグ。例: `[初期設定, 権限]`。',
  }),
  searchAliases: z.array(z.string().min(1).max(80)).max(20).default([]).meta({
    description:
      'Other words readers search for this page with, never shown: e.g. English terms for a Japanese-only page (`[security settings, two-factor authentication]`). Words that mean the same everywhere belong in `content/search/synonyms.yaml` instead.',
    ja: '検索でこのページを見つけるための別の言い方(画面には表示されません)。例: 日本語だけのページの英語の用語 `[security settings, two-factor authentication]`。どのページでも同じ意味の言葉は `content/search/synonyms.yaml` に書きます。',
  }),
  productArea: z.string().min(1).max(40).optional().meta({
    description: 'Product area used by list filters, e.g. `dashboard`, `integrations`, `admin`.',
    ja: '一覧の絞り込みに使う製品領域。例: `dashboard`、`integrations`、`admin`。',
  }),
  publishedAt: z.coerce.date().meta({
    description: 'Publication date, or date-time (`2026-12-07T10:00:00+09:00`). Orders lists, drives "new" badges and the monthly volume trend. In the future: the item is scheduled, unreachable (page, media, listings, search) until then and live within a minute after, with no one running anything; staff preview it before.',
    ja: '公開日、または日時(`2026-12-07T10:00:00+09:00`)。一覧の並び順、「新着」表示、月別の作成量推移に使われます。未来の日時なら公開予約になり、その時刻まではページ・メディア・一覧・検索のどこからも見えず、時刻を過ぎると1分以内に誰も何もしなくても公開されます(スタッフはその前からプレビューできます)。',
  }),
  owner: z.email().max(200).optional().meta({
    description: 'Staff email of the person who keeps this item current. Shown on /manage/content; optional.',
    ja: 'この項目を最新に保つ担当スタッフのメールアドレス。/manage/content に表示されます(任意)。',
  }),
  reviewBy: z.coerce.date().optional().meta({
    description: 'Date by which the content should be reviewed, e.g. `2027-04-01`. After it /manage/content flags the item "review overdue".',
    ja: '内容を見直す期限の日付(例: `2027-04-01`)。過ぎると /manage/content で「見直し期限切れ」と表示されます。',
  }),
  updatedAt: z.coerce.date().optional().meta({
    description: 'Date of the last substantive update.',
    ja: '内容を大きく更新した日。',
  }),
};

/**
 * Pyramid level 1–5. Each type has a default (manual 1, article 2, webinar 2, case study 3,
 * announcement 4, roadmap 1); CS may place any item on any level.
 */
export function levelField(type: ContentType) {
  return z.number().int().min(1).max(5).default(DEFAULT_LEVEL[type]).meta({
    description:
      'Pyramid level: 1 onboarding manuals, 2 articles & webinars, 3 case studies & tips, 4 community, 5 user group / success talks. Any item may sit on any level.',
    ja: 'ラーニングピラミッドの段: 1 導入マニュアル、2 記事・ウェビナー、3 活用事例・Tips、4 コミュニティ、5 ユーザー会・登壇。どの種類でも任意の段に置けます。',
  });
}
