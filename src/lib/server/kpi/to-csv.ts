import type { KpiTable } from './tables/table-types.ts';
import { labelByPrefix } from '../../labels.ts';

const BOM = '\uFEFF';

/**
 * A cell as CSV text. Text starting with = + - @ (or tab / carriage return) is prefixed with ' so
 * spreadsheet programs never run it as a formula; numbers are written as numbers.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (Excel opens Japanese correctly), CRLF line ends, headers translated. */
export function tableToCsv(table: KpiTable, t: (key: string, params?: Record<string, string | number>) => string): string {
  const lines = [table.columns.map((c) => csvCell(t(c.label))).join(',')];
  for (const row of table.rows) {
    lines.push(
      table.columns
        .map((c) => {
          const v = row[c.key] ?? null;
          return csvCell(c.translate && v !== null && v !== '' ? labelByPrefix(t, c.translate, v) : v);
        })
        .join(','),
    );
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^a-z0-9._-]/gi, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
