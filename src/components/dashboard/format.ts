// Number formatting shared by the dashboard components (locale-aware, no UI strings here).
import type { ColumnFormat } from '../../lib/server/kpi/tables/table-types.ts';

// Building an Intl.NumberFormat costs far more than formatting with it, and a table has thousands of cells.
const formats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: string, digits = 0): string {
  const key = `${locale}:${digits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f.format(value);
}

/** Milliseconds as (fractional) minutes, the unit every dashboard shows time in. */
export const msToMinutes = (ms: number): number => ms / 60_000;

export function formatCell(value: string | number | null | undefined, format: ColumnFormat, locale: string): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'percent':
      return `${formatNumber(value, locale, 1)}%`;
    case 'minutes':
    case 'decimal':
      return formatNumber(value, locale, 1);
    default:
      return formatNumber(value, locale);
  }
}

export function formatChange(value: number | null, locale: string): string {
  if (value === null) return '–';
  return `${value > 0 ? '+' : ''}${formatNumber(value, locale, 1)}%`;
}

/** A round axis maximum at or above `max` (1, 2, 5 × 10ⁿ). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}
