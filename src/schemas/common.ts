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
 * Who may open an item.
 * - `public`: anyone, signed in or not.
 * - `customers`: any signed-in person (every customer account and staff).
 * - `{ segments, plans }`: only accounts whose segment is listed **or** whose plan is listed
 *   (staff always see everything). At least one of the two lists must be non-empty.
 * Default: `customers`.
 */
export const audience = z
  .union([
    z.literal('public'),
    z.literal('customers'),
    z
      .object({
        segments: z.array(z.enum(SEGMENTS)).default([]),
        plans: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .refine((a) => a.segments.length + a.plans.length > 0, {
        message: 'a restricted audience needs at least one segment (high, low, tech) or one plan',
      }),
  ])
  .default('customers');
export type Audience = z.output<typeof audience>;

/** Fields every content type shares. */
export const baseFields = {
  /** Stable content key (see `contentKey`). Required. */
  key: contentKey,
  /** Title shown in lists, headings and the browser tab. 1–120 characters. */
  title: z.string().min(1).max(120),
  /** One or two sentences shown in lists and search results. Up to 300 characters. */
  description: z.string().min(1).max(300),
  /** Language of this file: `ja` or `en`. Default `ja`. Translations share the same `key`. */
  locale: z.enum(LOCALES).default('ja'),
  /** Who may open the item (see `audience`). Default `customers`. */
  audience,
  /** Drafts are previewed by `npm run dev` and never appear in a production build. Default `false`. */
  draft: z.boolean().default(false),
  /** Free-form tags used by list filters, e.g. `[初期設定, 権限]`. Default none. */
  tags: z.array(z.string().min(1).max(40)).max(12).default([]),
  /** Product area used by list filters, e.g. `dashboard`, `integrations`, `admin`. Optional. */
  productArea: z.string().min(1).max(40).optional(),
  /** Publication date (YYYY-MM-DD). Used for ordering, "new" badges and volume trends. Required. */
  publishedAt: z.coerce.date(),
  /** Date of the last substantive update (YYYY-MM-DD). Optional. */
  updatedAt: z.coerce.date().optional(),
};

/**
 * Pyramid level 1–5. Each type has a default (manual 1, article 2, webinar 2, case study 3,
 * announcement 4, roadmap 1); CS may place any item on any level.
 */
export function levelField(type: ContentType) {
  return z.number().int().min(1).max(5).default(DEFAULT_LEVEL[type]);
}
