import type { KpiContext } from '../kpi-context.ts';

export type Cell = string | number | null;
export type ColumnFormat = 'text' | 'int' | 'minutes' | 'percent' | 'decimal' | 'day';

export interface Column {
  key: string;
  /** i18n key of the header. */
  label: string;
  format: ColumnFormat;
  /** Link target for the cell (staff pages only). */
  href?: (row: Record<string, Cell>) => string;
  /** Translate the value with `${translate}.${value}` (stage letters, segments, alert kinds). */
  translate?: string;
}

export interface KpiTable {
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  defaultSort: { key: string; dir: 'asc' | 'desc' };
}

/** Who the table is for: staff see everything; `accountId` narrows every row to one account. */
export interface TableScope {
  accountId?: string;
  /** Translator for sentences built from figures (alert reasons); codes are used without it. */
  t?: (key: string, params?: Record<string, string | number>) => string;
}

export type TableBuilder = (ctx: KpiContext, scope: TableScope) => KpiTable;

/** Sort rows by a column (nulls last), for server-rendered tables sorted by GET parameters. */
export function sortRows(table: KpiTable, key?: string, dir?: 'asc' | 'desc'): { rows: Record<string, Cell>[]; key: string; dir: 'asc' | 'desc' } {
  const col = table.columns.find((c) => c.key === key) ? key! : table.defaultSort.key;
  const d = key && table.columns.some((c) => c.key === key) ? (dir ?? 'desc') : table.defaultSort.dir;
  const sign = d === 'asc' ? 1 : -1;
  const rows = [...table.rows].sort((a, b) => {
    const x = a[col] ?? null;
    const y = b[col] ?? null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ja')) * sign;
  });
  return { rows, key: col, dir: d };
}

export const ms2min = (ms: number) => Math.round(ms / 6_000) / 10;

/** Link from a table row to its account drill-down page. */
export const accountHref = (r: Record<string, unknown>) => `/manage/kpi/accounts/${encodeURIComponent(String(r.accountId))}`;
