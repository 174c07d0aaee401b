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

/** Parse URL search params; returns the first problem as a sentence for a 400. */
export function parseKpiQuery(params: URLSearchParams): { ok: true; query: KpiQuery } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const k of ['period', 'from', 'to', 'sort', 'dir', 'bucket']) {
    const v = params.get(k);
    if (v !== null && v !== '') raw[k] = v;
  }
  const r = kpiQuerySchema.safeParse(raw);
  if (r.success) return { ok: true, query: r.data };
  const i = r.error.issues[0]!;
  return { ok: false, message: `${i.path.join('.') || 'query'}: ${i.message}` };
}
