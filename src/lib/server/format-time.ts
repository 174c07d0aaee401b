import type { Locale } from '../../schemas/common.ts';
import { getConfig } from './config.ts';

// One date format per locale, everywhere people read a date (pages, dashboards, mail-free views):
// ja 2026/11/22 (14:05), en 22 Nov 2026 (14:05), in the reporting time zone (JISOU_TIMEZONE) so pages
// agree with the KPIs. Data columns that are days (CSV, KPI tables) stay ISO YYYY-MM-DD.
const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A moment shown to people, in the reporting time zone. */
export function formatMoment(ms: number | Date, locale: Locale, options: Intl.DateTimeFormatOptions = DATE_TIME): string {
  return new Date(ms).toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone: getConfig().JISOU_TIMEZONE });
}

/** The date of a moment (no time), in the one format of the locale. */
export function formatDate(ms: number | Date, locale: Locale): string {
  return formatMoment(ms, locale, DATE);
}

/** Date and time of a moment, in the one format of the locale. */
export function formatDateTime(ms: number | Date, locale: Locale): string {
  return formatMoment(ms, locale, DATE_TIME);
}
