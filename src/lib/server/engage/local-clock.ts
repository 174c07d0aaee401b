import { dayInZone } from '../kpi/period.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in the reporting time zone: day, weekday (0 = Sunday) and minutes since midnight. */
export function localClock(now: number, timeZone: string): { day: string; weekday: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' })));
  const parts = Object.fromEntries(f.formatToParts(new Date(now)).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? 'Sun');
  return { day: dayInZone(now, timeZone), weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is `now` inside the quiet window (which may wrap past midnight, e.g. 20:00–08:00)? */
export function isQuietTime(now: number, timeZone: string, quiet: { start: string; end: string }): boolean {
  const m = localClock(now, timeZone).minutes;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}
