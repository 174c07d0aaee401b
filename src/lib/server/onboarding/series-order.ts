// Manuals are read in series order (step 1 before step 2); every other type is read newest first. Lists
// that mix types put the manuals first, because on level 1 they are where a new customer starts.
import { getCatalog, type Item } from '../../content/catalog.ts';

/** Where a manual sits in its series, as the reader sees it (only pages they may open are counted). */
export interface SeriesStep {
  series: string;
  /** 1-based position among the series pages the reader may open. */
  step: number;
  total: number;
  minutes?: number;
}

interface ManualFields {
  series: string;
  order: number;
  minutes?: number;
}

const manualFields = (item: Item) => item.entry.data as unknown as ManualFields;

/**
 * Rank of each series: the earliest publication of any of its pages in any language, so the series a
 * vendor wrote first (its onboarding) comes first for Japanese and English readers alike.
 */
async function rankSeries(): Promise<Map<string, number>> {
  const catalog = await getCatalog();
  const rank = new Map<string, number>();
  for (const item of catalog.all) {
    if (item.type !== 'manual') continue;
    const { series } = manualFields(item);
    rank.set(series, Math.min(rank.get(series) ?? Infinity, item.publishedAt.getTime()));
  }
  return rank;
}

/** Sort for a list: manuals first (series by rank, then `order`), then everything else newest first. */
export async function sortForReading(items: Item[]): Promise<Item[]> {
  const rank = await rankSeries();
  const seriesRank = (i: Item) => rank.get(manualFields(i).series) ?? Infinity;
  return [...items].sort((a, b) => {
    const am = a.type === 'manual';
    const bm = b.type === 'manual';
    if (am && bm) {
      const fa = manualFields(a);
      const fb = manualFields(b);
      return seriesRank(a) - seriesRank(b) || fa.series.localeCompare(fb.series) || fa.order - fb.order;
    }
    if (am) return -1;
    if (bm) return 1;
    return b.publishedAt.getTime() - a.publishedAt.getTime() || a.key.localeCompare(b.key);
  });
}

/** Step number and total of every manual the reader may open, keyed by content key. */
export function seriesSteps(visible: Item[]): Map<string, SeriesStep> {
  const bySeries = new Map<string, Item[]>();
  for (const item of visible) {
    if (item.type !== 'manual') continue;
    const { series } = manualFields(item);
    bySeries.set(series, [...(bySeries.get(series) ?? []), item]);
  }
  const steps = new Map<string, SeriesStep>();
  for (const [series, pages] of bySeries) {
    pages.sort((a, b) => manualFields(a).order - manualFields(b).order);
    pages.forEach((page, i) => steps.set(page.key, { series, step: i + 1, total: pages.length, minutes: manualFields(page).minutes }));
  }
  return steps;
}

/** Visible manuals in reading order, grouped by series (the first group is the entry series). */
export async function listSeriesInOrder(visible: Item[]): Promise<Item[][]> {
  const ordered = await sortForReading(visible.filter((i) => i.type === 'manual'));
  const groups: Item[][] = [];
  for (const item of ordered) {
    const last = groups.at(-1);
    if (last && manualFields(last[0]!).series === manualFields(item).series) last.push(item);
    else groups.push([item]);
  }
  return groups;
}
