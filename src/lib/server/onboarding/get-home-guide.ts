// What the top of the home page offers: where to start (the first step of the onboarding series the
// person has not covered yet) and where to continue (what they were last reading, with its resume point).
import type { Viewer } from '../../access.ts';
import type { Item } from '../../content/catalog.ts';
import type { Level, Locale } from '../../../schemas/common.ts';
import { listVisible } from '../content-access.ts';
import { getDb } from '../db.ts';
import { coveredKeys, readPersonProgress } from '../tracking/progress.ts';
import { resumeHref, resumePercent } from '../tracking/resume-link.ts';
import { listSeriesInOrder, seriesSteps, type SeriesStep } from './series-order.ts';

export interface StartStep {
  item: Item;
  step: SeriesStep;
}

export interface ContinuePoint {
  item: Item;
  /** Opens the item at the saved reading position or video time. */
  href: string;
  /** Seconds into the video, or null for reading. */
  position: number | null;
  percent: number;
}

export interface HomeGuide {
  /** First uncovered step of the onboarding manuals; absent when every step is covered. */
  start?: StartStep;
  /** True when the person has covered every onboarding step (no start card then). */
  onboarded: boolean;
  /** Most recently touched unfinished item. */
  continueAt?: ContinuePoint;
  /** How many onboarding steps the person has covered, of how many. */
  covered: number;
  total: number;
}

/**
 * The start and continue cards. Visitors get step 1 of the public onboarding series; a signed-in person
 * gets the first step of the level-1 manual series (entry series first) they have not covered.
 */
export async function getHomeGuide(viewer: Viewer | null, locale: Locale): Promise<HomeGuide> {
  const visible = await listVisible(viewer, locale);
  const steps = seriesSteps(visible);
  const onboarding = (await listSeriesInOrder(visible.filter((i) => i.level === (1 as Level)))).flat();
  const rows = viewer ? readPersonProgress(getDb().$client, viewer.userId) : [];
  const covered = coveredKeys(rows);
  const next = onboarding.find((i) => !covered.has(i.key));
  const byKey = new Map(visible.map((i) => [i.key, i]));
  const last = rows.find((r) => r.completedAt === null && byKey.has(r.key) && ((r.position ?? 0) > 0 || r.maxDepth > 0 || r.activeMs > 0));
  const lastItem = last ? byKey.get(last.key)! : undefined;
  return {
    start: next ? { item: next, step: steps.get(next.key)! } : undefined,
    onboarded: onboarding.length > 0 && !next,
    continueAt: last && lastItem ? { item: lastItem, href: resumeHref(lastItem.href, last), position: last.position, percent: resumePercent(last) } : undefined,
    covered: onboarding.filter((i) => covered.has(i.key)).length,
    total: onboarding.length,
  };
}
