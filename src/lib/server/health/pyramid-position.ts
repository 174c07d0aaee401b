/**
 * Pyramid position of an account: the highest level L such that on every level 1..L the account has
 * viewed at least `percent` of the items meant for it (a level counts only with the ones below it).
 * Levels with no item meant for the account are passed over (they neither block nor count). 0 = not
 * even the onboarding manuals covered yet.
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
