import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

/** Article (記事) or tip (Tips): deeper learning by theme. */
export const articleSchema = z
  .object({
    ...baseFields,
    /** `article` (default) or `tip`; tips usually sit on level 3. */
    kind: z.enum(['article', 'tip']).default('article'),
    /** Pyramid level, default 2. */
    level: levelField('article'),
    /** Author's display name. Optional. */
    author: z.string().min(1).max(80).optional(),
  })
  .strict();
export type ArticleData = z.output<typeof articleSchema>;
