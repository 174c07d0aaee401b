// Astro-side view of a person's progress: joins what the ingest stored with the items the person may open.
import type { Viewer } from '../../access.ts';
import type { Item } from '../../content/catalog.ts';
import type { Locale } from '../../../schemas/common.ts';
import { getConfig } from '../config.ts';
import { listVisible } from '../content-access.ts';
import { getDb } from '../db.ts';
import { coveredKeys, readPersonProgress } from './progress.ts';
import { computePyramidPosition, type PyramidPosition } from './pyramid.ts';
import { resumeHref, resumePercent } from './resume-link.ts';
import { getPersonAchievements } from '../events/get-pyramid-achievements.ts';
import { getKpiSettings } from '../kpi/kpi-service.ts';

/** Levels 4–5 by taking part: the person's own attendance, the account's presented success. */
function doingOf(viewer: Viewer) {
  const a = getPersonAchievements(getDb().$client, viewer.userId, viewer.accountId);
  return { eventsAttended: a.events.length, presented: a.presented !== null, communityEvents: getKpiSettings().pyramidCommunityEvents };
}

export interface ResumePoint {
  item: Item;
  /** Link that reopens the item where the person left it (videos resume by themselves from the stored position). */
  href: string;
  /** Seconds into the video, or null for reading. */
  position: number | null;
  /** Video coverage or reading depth, percent. */
  percent: number;
}

export interface MyProgress {
  totalSeconds: number;
  completed: { item: Item; at: number }[];
  /** Up to 10 most recent unfinished items. */
  resume: ResumePoint[];
  /** All unfinished items (opened, not completed): the resume list shows the newest 10 of them. */
  inProgressCount: number;
  /** Items covered (completed, or engaged past the thresholds): what the pyramid counts. */
  coveredCount: number;
  pyramid: PyramidPosition;
}


/** The signed-in person's time spent, completed items, resume points and pyramid position. */
export async function getMyProgress(viewer: Viewer, locale: Locale): Promise<MyProgress> {
  const items = await listVisible(viewer, locale);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const rows = readPersonProgress(getDb().$client, viewer.userId);
  const mine = rows.filter((r) => byKey.has(r.key));
  const unfinished = mine.filter((r) => r.completedAt === null && ((r.position ?? 0) > 0 || r.activeMs > 0));
  return {
    totalSeconds: Math.round(mine.reduce((s, r) => s + r.activeMs, 0) / 1000),
    inProgressCount: unfinished.length,
    coveredCount: coveredKeys(mine).size,
    completed: mine.filter((r) => r.completedAt !== null).map((r) => ({ item: byKey.get(r.key)!, at: r.completedAt! })),
    resume: unfinished
      .slice(0, 10)
      .map((r) => ({ item: byKey.get(r.key)!, href: resumeHref(byKey.get(r.key)!.href, r), position: r.position, percent: resumePercent(r) })),
    pyramid: computePyramidPosition(items, coveredKeys(mine), getConfig().JISOU_PYRAMID_THRESHOLD_PERCENT, doingOf(viewer)),
  };
}

/** Where the person stands on the pyramid (for the home page): `(await getPyramidPosition(viewer)).level`. */
export async function getPyramidPosition(viewer: Viewer, locale: Locale = 'ja'): Promise<PyramidPosition> {
  const items = await listVisible(viewer, locale);
  const rows = readPersonProgress(getDb().$client, viewer.userId);
  return computePyramidPosition(items, coveredKeys(rows), getConfig().JISOU_PYRAMID_THRESHOLD_PERCENT, doingOf(viewer));
}
