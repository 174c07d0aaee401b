const formatters = new Map<string, Intl.DateTimeFormat>();
let cache = { zone: '', bucket: -1, day: '' };

/** Calendar day (YYYY-MM-DD) of an instant in the reporting time zone. */
export function dayOf(at: number, timeZone: string): string {
  // Zone offsets only change on quarter-hour boundaries, so the day is cached per 15-minute bucket.
  const bucket = Math.floor(at / 900_000);
  if (cache.zone === timeZone && cache.bucket === bucket) return cache.day;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const day = f.format(new Date(at));
  cache = { zone: timeZone, bucket, day };
  return day;
}
