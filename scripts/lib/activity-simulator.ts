// Deterministic simulation of people reading and watching: the sessions behind the demo activity.
import { isMeantFor, type KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';

export type Profile = 'thriving' | 'progressing' | 'stuck' | 'dormant' | 'declining';

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * How active a person of a profile is on a day `daysAgo` (0 = today) and how far up the pyramid
 * they go. Thriving accounts read often and climb; stuck ones open a few manuals; dormant ones stopped
 * six weeks ago; declining ones were busy last month and are fading now.
 */
export function dayActivity(profile: Profile, daysAgo: number): { p: number; maxLevel: number } {
  switch (profile) {
    case 'thriving':
      return { p: 0.45, maxLevel: 5 };
    case 'progressing':
      return { p: 0.22, maxLevel: daysAgo > 45 ? 1 : 2 };
    case 'stuck':
      return { p: daysAgo > 10 ? 0.05 : 0.02, maxLevel: 1 };
    case 'dormant':
      return { p: daysAgo > 42 ? 0.2 : 0, maxLevel: 2 };
    case 'declining':
      return { p: daysAgo > 30 ? 0.4 : 0.04, maxLevel: 3 };
  }
}

/** Profile of a demo account: fixed for the two accounts in the README, cycled for the rest. */
export function profileOf(slug: string, index: number): Profile {
  if (slug === 'acme') return 'thriving';
  if (slug === 'globex') return 'stuck';
  return (['thriving', 'progressing', 'progressing', 'stuck', 'dormant', 'declining'] as const)[index % 6]!;
}

export interface Session {
  at: number;
  item: KpiItem;
  /** Seconds of active reading (articles) or of video played (webinars). */
  seconds: number;
  /** Max scroll depth, percent. */
  depth: number;
}

/**
 * Pick the next item for a person: unseen items of the lowest levels first (people climb the pyramid),
 * otherwise anything they may open up to `maxLevel`. Announcements are not "read" here (they make impressions).
 */
export function pickItem(items: KpiItem[], account: { id: string; segment: string; plan: string }, seen: Set<string>, maxLevel: number, rand: () => number): KpiItem | undefined {
  const open = items.filter((i) => i.type !== 'announcement' && i.type !== 'roadmap' && i.level <= maxLevel && isMeantFor(i, account));
  if (open.length === 0) return undefined;
  const unseen = open.filter((i) => !seen.has(i.key)).sort((a, b) => a.level - b.level || a.key.localeCompare(b.key));
  if (unseen.length > 0 && rand() < 0.7) return unseen[Math.floor(rand() * Math.min(3, unseen.length))];
  return open[Math.floor(rand() * open.length)];
}

export function sessionSeconds(item: KpiItem, rand: () => number): number {
  if (item.type === 'webinar' && item.videoMinutes > 0) return Math.round(item.videoMinutes * 60 * (0.3 + rand() * 0.7));
  return Math.round(45 + rand() * 600);
}
