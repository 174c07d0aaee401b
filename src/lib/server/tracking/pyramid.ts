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
 */
export function computePyramidPosition(
  items: { key: string; level: Level; type: ContentType }[],
  covered: Set<string>,
  thresholdPercent: number,
): PyramidPosition {
  const levels: LevelCoverage[] = LEVELS.map((level) => {
    const core = items.filter((i) => i.level === level && CORE_TYPES.includes(i.type));
    const done = core.filter((i) => covered.has(i.key)).length;
    return { level, total: core.length, covered: done, percent: core.length ? Math.round((done / core.length) * 100) : 0 };
  });
  let position: 0 | Level = 0;
  for (const l of levels) {
    if (l.total === 0) continue;
    if (l.covered * 100 < l.total * thresholdPercent) break;
    position = l.level;
  }
  return { level: position, levels };
}
