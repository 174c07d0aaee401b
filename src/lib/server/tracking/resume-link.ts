// One definition of "how far along" and of the link that reopens an item there, shared by the home page's
// continue card and /me/progress so both say the same percentage and land on the same place.
import type { ItemProgress } from './progress.ts';

/** Video: share of the video watched at least once; reading: deepest scroll reached. Percent, 0–100. */
export function resumePercent(p: Pick<ItemProgress, 'duration' | 'coveredSeconds' | 'maxDepth'>): number {
  return p.duration ? Math.min(100, Math.round((p.coveredSeconds / p.duration) * 100)) : p.maxDepth;
}

/**
 * Reading resumes through `#resume=<depth>` (the page scrolls there, see src/lib/client/resume-reading.ts);
 * videos resume by themselves from the stored position, so their link is the plain page.
 */
export function resumeHref(href: string, p: Pick<ItemProgress, 'position' | 'maxDepth'>): string {
  if (p.position !== null && p.position > 0) return href;
  return p.maxDepth > 0 && p.maxDepth < 100 ? `${href}#resume=${p.maxDepth}` : href;
}
