/**
 * Pyramid position of an account, by the same rule as a person's (src/lib/server/tracking/pyramid.ts):
 * the highest level L such that on every level 1..L somebody in the account covered (engaged with) at
 * least `percent` (JISOU_PYRAMID_THRESHOLD_PERCENT) of the core items meant for it. Levels with no core
 * item meant for the account are passed over. 0 = not even the onboarding manuals covered yet.
 * (`viewed` in the input counts covered items.)
 */
export function computePyramidPosition(levels: { level: number; meantFor: number; viewed: number }[], percent: number): number {
  let position = 0;
  for (const l of [...levels].sort((a, b) => a.level - b.level)) {
    if (l.meantFor === 0) continue;
    if ((l.viewed / l.meantFor) * 100 + 1e-9 < percent) break;
    position = l.level;
  }
  return position;
}
