/** What the account did for levels 4 and 5 (attendance, a presented success). */
export interface PyramidDoing {
  eventsAttended: number;
  presented: boolean;
}

const NOTHING: PyramidDoing = { eventsAttended: 0, presented: false };

/**
 * Pyramid position of an account (docs/kpi.md, "Pyramid position"). Levels 1–3 by reading, by the same rule
 * as a person's (src/lib/server/tracking/pyramid.ts): the highest level L such that on every level 1..L
 * somebody in the account covered (engaged with) at least `percent` (JISOU_PYRAMID_THRESHOLD_PERCENT) of
 * the core items meant for it; levels with no core item meant for the account are passed over.
 * Levels 4 and 5 by taking part: 4 needs `communityEvents` community events attended
 * (JISOU_KPI_PYRAMID_COMMUNITY_EVENTS), 5 a presented success (an accepted story or talk, or a talk
 * recorded by staff) on top; reading about events never climbs. `communityEvents` 0 keeps the reading rule
 * for levels 4–5 (the configured equivalent for portals without events). 0 = not even the onboarding manuals.
 */
export function computePyramidPosition(
  levels: { level: number; meantFor: number; viewed: number }[], percent: number, doing: PyramidDoing = NOTHING, communityEvents = 1,
): number {
  let position = 0;
  const byReading = communityEvents === 0;
  for (const l of [...levels].sort((a, b) => a.level - b.level)) {
    if (l.level >= 4 && !byReading) break;
    if (l.meantFor === 0) continue;
    if ((l.viewed / l.meantFor) * 100 + 1e-9 < percent) return position;
    position = l.level;
  }
  if (byReading || position === 0) return position;
  if (doing.eventsAttended < communityEvents) return position;
  return doing.presented ? 5 : 4;
}
