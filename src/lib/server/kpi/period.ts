// Reporting periods as inclusive calendar days in the reporting time zone (rollups are keyed by day).
import type { KpiQuery } from '../../../schemas/kpi-query.ts';

export interface Period {
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  days: number;
}

export interface PeriodPair {
  current: Period;
  /** The same number of days right before `current`: the basis of "change vs previous period". */
  previous: Period;
  today: string;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar day of an instant in a time zone. */
export function dayInZone(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(at));
}

// Day strings ↔ day numbers, remembered: the account evaluation does day arithmetic a few times per
// account and stage (tens of thousands of calls at 2,000 accounts), over a few hundred distinct days.
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

function dayNumberOf(day: string): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    if (dayNumbers.size > 20_000) dayNumbers.clear();
    dayNumbers.set(day, (n = Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS)));
  }
  return n;
}

function dayStringOf(n: number): string {
  let d = dayStrings.get(n);
  if (d === undefined) {
    if (dayStrings.size > 20_000) dayStrings.clear();
    dayStrings.set(n, (d = new Date(n * DAY_MS).toISOString().slice(0, 10)));
  }
  return d;
}

/** Day arithmetic on `YYYY-MM-DD` strings (calendar days, no time zone involved). */
export function addDays(day: string, n: number): string {
  const start = dayNumberOf(day);
  // Not a YYYY-MM-DD day (NaN): the same error as before, from Date.
  if (Number.isNaN(start)) return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
  return dayStringOf(start + n);
}

export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** Epoch ms at which `day` begins in `timeZone` (used when reading raw events by instant). */
export function startOfDayInZone(day: string, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  const hit = dayStarts.get(key);
  if (hit !== undefined) return hit;
  if (dayStarts.size > 10_000) dayStarts.clear();
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let guess = utcMidnight;
  // Two passes settle the offset, also across a DST change.
  for (let i = 0; i < 3; i++) {
    const local = zonedWallClock(guess, timeZone);
    guess += utcMidnight - local;
  }
  dayStarts.set(key, guess);
  return guess;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();
const dayStarts = new Map<string, number>();

function zonedWallClock(at: number, timeZone: string): number {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** Monday of the ISO week of `day` (week buckets). */
export function weekOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

export function periodOfDays(to: string, days: number): Period {
  return { from: addDays(to, -(days - 1)), to, days };
}

/** The chosen period and the one before it; "today" is the current day in the reporting time zone. */
export function resolvePeriod(query: Pick<KpiQuery, 'period' | 'from' | 'to'>, timeZone: string, now = Date.now()): PeriodPair {
  const today = dayInZone(now, timeZone);
  const current =
    query.period === 'custom' && query.from && query.to
      ? { from: query.from, to: query.to, days: daysBetween(query.from, query.to) + 1 }
      : periodOfDays(today, Number(query.period));
  const previous = periodOfDays(addDays(current.from, -1), current.days);
  return { current, previous, today };
}

/** Every day of a period, oldest first. */
export function eachDay(p: Period): string[] {
  return Array.from({ length: p.days }, (_, i) => addDays(p.from, i));
}
