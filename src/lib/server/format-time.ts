import type { Locale } from '../../schemas/common.ts';
import { getConfig } from './config.ts';

/** A moment shown to people, in the reporting time zone (JISOU_TIMEZONE) so pages agree with the KPIs. */
export function formatMoment(ms: number, locale: Locale, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Date(ms).toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone: getConfig().JISOU_TIMEZONE });
}
