import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

/** Onboarding manual (導入マニュアル): step-by-step setup and operation, read in series order. */
export const manualSchema = z
  .object({
    ...baseFields,
    /** Pyramid level, default 1. */
    level: levelField('manual'),
    /** Key of the manual series this page belongs to; pages of one series link previous/next. Required. */
    series: contentKey,
    /** Position within the series, 1 = first step. Required, unique within a series and locale. */
    order: z.number().int().min(1).max(999),
    /** Estimated minutes to complete the page. Optional, 1–240. */
    minutes: z.number().int().min(1).max(240).optional(),
  })
  .strict();
export type ManualData = z.output<typeof manualSchema>;
