import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

/** One stage of a success roadmap, e.g. "week 1", listing content keys in the order to follow. */
export const roadmapStageSchema = z
  .object({
    title: z.string().min(1).max(80).meta({ description: 'Stage title, e.g. "1週目: 初期設定".', ja: '段階の名前。例: 「1週目: 初期設定」。' }),
    period: z.string().min(1).max(40).meta({ description: 'Period label, e.g. `week-1`, `month-1`, `month-3`.', ja: '期間のラベル。例: `week-1`、`month-1`、`month-3`。' }),
    goal: z.string().max(200).optional().meta({ description: 'What the customer has achieved at the end of the stage.', ja: 'この段階を終えたときに顧客ができていること。' }),
    items: z.array(contentKey).min(1).meta({ description: 'Keys of the items to work through, in order; each must exist.', ja: '取り組むコンテンツのキーを順番に。存在するキーだけを書けます。' }),
  })
  .strict();

/** Success roadmap (サクセスロードマップ): ordered stages of content for onboarding. */
export const roadmapSchema = z
  .object({
    ...baseFields,
    level: levelField('roadmap'),
    stages: z.array(roadmapStageSchema).min(1).meta({ description: 'Stages in order. At least one.', ja: '段階を順番に。1つ以上。' }),
  })
  .strict()
  .meta({ description: 'Success roadmap: ordered stages of content for onboarding.', ja: 'サクセスロードマップ: オンボーディングの段階ごとに並べたコンテンツ。' });
export type RoadmapData = z.output<typeof roadmapSchema>;
