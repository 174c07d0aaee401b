import { z } from 'astro/zod';
import { baseFields, levelField } from './common.ts';

/** Case study (活用事例): how a customer uses the product, with measured results. */
export const caseStudySchema = z
  .object({
    ...baseFields,
    /** Pyramid level, default 3; use 5 for success talks presented by the customer. */
    level: levelField('case-study'),
    /** Customer company name as it may be published. Required. */
    customer: z.string().min(1).max(80),
    /** Customer's industry, e.g. 製造業. Required. */
    industry: z.string().min(1).max(60),
    /** Company size, e.g. "従業員 300名". Optional. */
    companySize: z.string().max(60).optional(),
    /** Measured results: label, value and optional "before" value. At least one. */
    results: z
      .array(
        z
          .object({
            label: z.string().min(1).max(60),
            value: z.string().min(1).max(40),
            before: z.string().max(40).optional(),
          })
          .strict(),
      )
      .min(1),
    /** True when the customer co-authored or presented it (user group / success talk). Default false. */
    presentedByCustomer: z.boolean().default(false),
  })
  .strict();
export type CaseStudyData = z.output<typeof caseStudySchema>;
