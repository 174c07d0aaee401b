import { LEVELS, type ContentType, type Level } from '../../../schemas/common.ts';

/** Types whose items are a level's core learning content (announcements and roadmaps only point at them). */
export const CORE_TYPES: readonly ContentType[] = ['manual', 'article', 'webinar', 'case-study'];

export interface LevelCoverage {
  level: Level;
  total: number;
  covered: number;
  percent: number;
}

export interface PyramidPosition {
  /** Highest level reached, climbing from the bottom: every level up to it covers the threshold. 0 = not on the pyramid yet. */
  level: 0 | Level;
  levels: LevelCoverage[];
}

/**
 * Where a person stands on the learning pyramid. A level counts when at least `thresholdPercent` of its
 * core items are covered (completed or engaged); levels without core items don't block the climb, but
 * a person only stands on a level that has content.
 * With `doing`, levels 4–5 are climbed by taking part, as for accounts (docs/kpi.md): 4 needs
 * `communityEvents` events the person attended, 5 also a success their account presented; reading level-4/5
 * pages still shows as coverage, never as climbing. `communityEvents` 0 keeps the reading rule.
 */
export function computePyramidPosition(
  items: { key: string; level: Level; type: ContentType }[],
  covered: Set<string>,
  thresholdPercent: number,
  doing?: { eventsAttended: number; presented: boolean; communityEvents: number },
): PyramidPosition {
  const levels: LevelCoverage[] = LEVELS.map((level) => {
    const core = items.filter((i) => i.level === level && CORE_TYPES.includes(i.type));
    const done = core.filter((i) => covered.has(i.key)).length;
    return { level, total: core.length, covered: done, percent: core.length ? Math.round((done / core.length) * 100) : 0 };
  });
  let position: 0 | Level = 0;
  const byDoing = doing !== undefined && doing.communityEvents > 0;
  let blocked = false;
  for (const l of levels) {
    if (byDoing && l.level >= 4) break;
    if (l.total === 0) continue;
    if (l.covered * 100 < l.total * thresholdPercent) {
      blocked = true;
      break;
    }
    position = l.level;
  }
  if (byDoing && !blocked && position > 0 && doing.eventsAttended >= doing.communityEvents) position = doing.presented ? 5 : 4;
  return { level: position, levels };
}
