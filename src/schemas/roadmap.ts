import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

/** One stage of a success roadmap, e.g. "week 1", listing content keys in the order to follow. */
export const roadmapStageSchema = z
  .object({
    /** Stage title, e.g. "1週目: 初期設定". Required. */
    title: z.string().min(1).max(80),
    /** Period label, e.g. `week-1`, `month-1`, `month-3`. Required. */
    period: z.string().min(1).max(40),
    /** What the customer has achieved at the end of the stage. Optional. */
    goal: z.string().max(200).optional(),
    /** Keys of the items to work through, in order (each must exist). At least one. */
    items: z.array(contentKey).min(1),
  })
  .strict();

/** Success roadmap (サクセスロードマップ): ordered stages of content for onboarding. */
export const roadmapSchema = z
  .object({
    ...baseFields,
    /** Pyramid level, default 1. */
    level: levelField('roadmap'),
    /** Stages in order. At least one. */
    stages: z.array(roadmapStageSchema).min(1),
  })
  .strict();
export type RoadmapData = z.output<typeof roadmapSchema>;
