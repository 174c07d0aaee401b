import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const day = z.string().regex(DAY, 'use YYYY-MM-DD, e.g. 2026-11-01').refine(isRealDay, 'is not a calendar date');

/**
 * Query parameters every dashboard page, CSV and API endpoint accepts.
 * - `period`: 7, 30 or 90 (days up to today in the reporting time zone), or `custom` with `from`/`to`. Default 30.
 * - `from`, `to`: inclusive days for `period=custom`; at most 366 days apart.
 * - `sort`: column key of the table; `dir`: asc or desc.
 * - `bucket`: day or week for time series. Default day.
 */
export const kpiQuerySchema = z
  .object({
    period: z.enum(['7', '30', '90', 'custom']).default('30'),
    from: day.optional(),
    to: day.optional(),
    sort: z.string().regex(/^[a-zA-Z]{1,40}$/, 'is a column name such as viewingMs').optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    bucket: z.enum(['day', 'week']).default('day'),
  })
  .refine((q) => q.period !== 'custom' || (q.from !== undefined && q.to !== undefined), {
    message: 'period=custom needs both from and to (YYYY-MM-DD)',
    path: ['from'],
  })
  .refine((q) => q.period !== 'custom' || !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine(
    (q) => q.period !== 'custom' || !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000,
    { message: 'a custom period spans at most 366 days', path: ['to'] },
  );

export type KpiQuery = z.output<typeof kpiQuerySchema>;

/** What was wrong with a query, as an i18n key (`dashboard.query.<problem>`) and the field to fix. */
export interface KpiQueryProblem {
  field: string;
  problem: 'day_format' | 'not_a_day' | 'custom_needs_dates' | 'from_after_to' | 'too_long' | 'bad_value';
}

const PROBLEM_BY_MESSAGE: Record<string, KpiQueryProblem['problem']> = {
  'use YYYY-MM-DD, e.g. 2026-11-01': 'day_format',
  'is not a calendar date': 'not_a_day',
  'period=custom needs both from and to (YYYY-MM-DD)': 'custom_needs_dates',
  'from must not be after to': 'from_after_to',
  'a custom period spans at most 366 days': 'too_long',
};

/** Parse URL search params; returns the first problem as a sentence (APIs, CSV) and as a key (pages) for a 400. */
export function parseKpiQuery(params: URLSearchParams): { ok: true; query: KpiQuery } | { ok: false; message: string; problem: KpiQueryProblem } {
  const raw: Record<string, string> = {};
  for (const k of ['period', 'from', 'to', 'sort', 'dir', 'bucket']) {
    const v = params.get(k);
    if (v !== null && v !== '') raw[k] = v;
  }
  const r = kpiQuerySchema.safeParse(raw);
  if (r.success) return { ok: true, query: r.data };
  const i = r.error.issues[0]!;
  const field = i.path.join('.') || 'query';
  return { ok: false, message: `${field}: ${i.message}`, problem: { field, problem: PROBLEM_BY_MESSAGE[i.message] ?? 'bad_value' } };
}
