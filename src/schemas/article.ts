import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

/** Article (記事) or tip (Tips): deeper learning by theme. */
export const articleSchema = z
  .object({
    ...baseFields,
    kind: z.enum(['article', 'tip']).default('article').meta({
      description: '`article` or `tip`; tips usually sit on level 3.',
      ja: '`article`(記事)または `tip`(Tips)。Tips は通常レベル3に置きます。',
    }),
    level: levelField('article'),
    author: z.string().min(1).max(80).optional().meta({
      description: "Author's display name, shown on the page.",
      ja: 'ページに表示する著者名。',
    }),
  })
  .strict()
  .meta({ description: 'Article or tip: deeper learning by theme.', ja: '記事・Tips: テーマごとの深い学び。' });
export type ArticleData = z.output<typeof articleSchema>;
