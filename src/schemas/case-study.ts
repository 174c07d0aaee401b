import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

// Field documentation lives in `.meta()`; docs/authoring.md is generated from it.

/** Case study (活用事例): how a customer uses the product, with measured results. */
export const caseStudySchema = z
  .object({
    ...baseFields,
    level: levelField('case-study'),
    customer: z.string().min(1).max(80).meta({
      description: 'Customer company name, as the customer approved it for publication.',
      ja: '顧客企業名(公開の許可を得た表記)。',
    }),
    industry: z.string().min(1).max(60).meta({ description: "Customer's industry, e.g. 製造業.", ja: '顧客の業種。例: 製造業。' }),
    companySize: z.string().max(60).optional().meta({ description: 'Company size, e.g. "従業員 300名".', ja: '企業規模。例: 「従業員 300名」。' }),
    results: z
      .array(
        z
          .object({
            label: z.string().min(1).max(60).meta({ description: 'What was measured, e.g. "月次レポート作成時間".', ja: '測った指標。例: 「月次レポート作成時間」。' }),
            value: z.string().min(1).max(40).meta({ description: 'The result after adoption, e.g. "2時間".', ja: '導入後の値。例: 「2時間」。' }),
            before: z.string().max(40).optional().meta({ description: 'The value before adoption, e.g. "2日".', ja: '導入前の値。例: 「2日」。' }),
          })
          .strict(),
      )
      .min(1)
      .meta({ description: 'Measured results, shown as figures on the page. At least one.', ja: '数値で示す成果。ページに大きく表示されます。1つ以上。' }),
    presentedByCustomer: z.boolean().default(false).meta({
      description: 'True when the customer co-authored or presented it (user group / success talk, usually level 5).',
      ja: '顧客が共同執筆・登壇した事例なら true(ユーザー会・登壇。通常レベル5)。',
    }),
  })
  .strict()
  .meta({ description: 'Case study: how a customer uses the product, with measured results.', ja: '活用事例: 顧客の活用方法と、数値で示す成果。' });
export type CaseStudyData = z.output<typeof caseStudySchema>;
