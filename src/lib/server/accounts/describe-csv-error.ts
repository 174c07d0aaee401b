import type { Translate } from '../../../i18n/index.ts';
import type { CsvRowError } from './import-users-csv.ts';

const COLUMNS = new Set(['email', 'name', 'role', 'account', 'locale']);

/**
 * One refused CSV row in the reader's language: line, the column by its label (the header as written
 * beside it, so it can be found in the file), the value, and what to fix. Nothing in it is English-only.
 */
export function describeCsvError(t: Translate, e: CsvRowError): string {
  const field =
    e.field === 'csv' ? t('csvimport.field.file')
    : e.field === 'form' ? t('csvimport.field.row')
    : COLUMNS.has(e.field) ? t('csvimport.field.column', { label: t(`csvimport.field.${e.field}`), name: e.field })
    : e.column ? t('csvimport.field.blank', { column: e.column })
    : t('csvimport.field.unknown', { name: e.field });
  const value = e.value ? ` “${e.value}”` : '';
  const first = e.firstLine ? ` ${t('csvimport.firstLine', { line: e.firstLine })}` : '';
  return `${t('manage.import.line', { line: e.line })}: ${field}${value}${first} — ${t(`auth.error.${e.code}`)}`;
}
