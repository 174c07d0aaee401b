// The one rule for "is this item out yet": not a draft, and its publishedAt has passed. Pages, listings,
// media, search epochs, awareness and announcement mail all ask this module, never the fields directly.
import { existsSync, readFileSync, statSync } from 'node:fs';

/** What the rule needs from frontmatter. */
export interface Publishable {
  draft?: boolean;
  publishedAt: Date;
}

let clockCache: { path: string; mtimeMs: number; at: number } | undefined;

/**
 * Now, as content visibility sees it. Tests move it with JISOU_TEST_CLOCK_FILE (a file holding an ISO
 * date-time, re-read when it changes), honoured only under NODE_ENV=test so no deployment can be tricked
 * into releasing early. Read straight from the environment (not the config module) because the build
 * step, the scripts and the Astro bundle all call it and only this one variable matters here.
 */
export function contentNow(): Date {
  const path = process.env.NODE_ENV === 'test' ? process.env.JISOU_TEST_CLOCK_FILE : undefined;
  if (!path || !existsSync(path)) return new Date();
  const mtimeMs = statSync(path).mtimeMs;
  if (clockCache?.path !== path || clockCache.mtimeMs !== mtimeMs) {
    const at = Date.parse(readFileSync(path, 'utf8').trim());
    clockCache = { path, mtimeMs, at: Number.isNaN(at) ? Date.now() : at };
  }
  return new Date(clockCache.at);
}

/** Published = not a draft and publishedAt <= now. The single function others (mail, KPIs) call. */
export function isPublished(item: Publishable, now: Date = contentNow()): boolean {
  return item.draft !== true && item.publishedAt.getTime() <= now.getTime();
}

/** Scheduled = not a draft, publishedAt still ahead. */
export function isScheduled(item: Publishable, now: Date = contentNow()): boolean {
  return item.draft !== true && item.publishedAt.getTime() > now.getTime();
}

/** The earliest future publishedAt among the items (when the published set changes next), or Infinity. */
export function nextReleaseAt(items: readonly Publishable[], now: Date = contentNow()): number {
  let next = Number.POSITIVE_INFINITY;
  for (const i of items) if (isScheduled(i, now)) next = Math.min(next, i.publishedAt.getTime());
  return next;
}
