import { z } from 'astro/zod';
import { baseFields, contentKey, levelField } from './common.ts';

// Field documentation lives in `.meta()` (English `description`, Japanese `ja`): `npm run docs:authoring`
// generates the frontmatter reference in docs/authoring.md from it.

/** Onboarding manual (導入マニュアル): step-by-step setup and operation, read in series order. */
export const manualSchema = z
  .object({
    ...baseFields,
    level: levelField('manual'),
    series: contentKey.meta({
      description: 'Key of the manual series this page belongs to; pages of one series link previous/next in `order`.',
      ja: 'このページが属するマニュアルシリーズのキー。同じシリーズのページは `order` の順に前後のページへリンクされます。',
    }),
    order: z.number().int().min(1).max(999).meta({
      description: 'Position within the series, 1 = first step. Unique within a series and locale.',
      ja: 'シリーズ内の順番(1 = 最初の手順)。同じシリーズ・同じ言語の中で重複できません。',
    }),
    minutes: z.number().int().min(1).max(240).optional().meta({
      description: 'Estimated minutes to complete the page.',
      ja: 'このページを終えるまでの目安時間(分)。',
    }),
  })
  .strict()
  .meta({ description: 'Onboarding manual: step-by-step setup and operation, read in series order.', ja: '導入マニュアル: 初期設定と操作の手順。シリーズの順番に読み進めます。' });
export type ManualData = z.output<typeof manualSchema>;
