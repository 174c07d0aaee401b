/**
 * Aggregation of content creation volume (コンテンツ作成量) for `npm run content:stats` and the dashboards.
 * Input: per-item figures from `measureItem` (count-characters.ts). Pure: no file or git access here.
 */
import { CONTENT_TYPES, LEVELS, LOCALES } from '../../schemas/common.ts';
import type { ItemMeasure } from './count-characters.ts';

/** ≈ 100 book pages: the point at which customers can onboard themselves (DESIGN.md). */
export const DEFAULT_TARGET_CHARACTERS = 30_000;

export const NO_AREA = '(none)';

export interface VolumeCell {
  items: number;
  characters: number;
  videoMinutes: number;
}

export interface LocaleVolume extends VolumeCell {
  locale: string;
  /** characters / target, e.g. 0.42 for 42 %. */
  progress: number;
  byLevel: Record<number, VolumeCell>;
}

export interface ThinLevel {
  locale: string;
  level: number;
  characters: number;
  /** Characters still missing to reach the level target. */
  missing: number;
}

export interface MonthVolume extends VolumeCell {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** Characters published up to and including this month. */
  cumulativeCharacters: number;
  /** The same per locale: what each language's target (`target`, per locale) is compared with. */
  cumulativeByLocale: Record<string, number>;
}

export interface VolumeReport {
  /** Target characters per locale (each language's readers need the full amount). */
  target: number;
  /** Target characters per pyramid level and locale: target / 5 unless configured. */
  levelTarget: number;
  total: VolumeCell;
  byType: Record<string, VolumeCell>;
  byLevel: Record<number, VolumeCell>;
  byLocale: LocaleVolume[];
  /** Per product area (`(none)` when an item has none): a topic view for "where to write next". */
  byProductArea: Record<string, VolumeCell>;
  /** Levels under their target in every locale that has content, largest gap first. */
  thinLevels: ThinLevel[];
  /** By publication month, gaps filled, oldest first. */
  byMonth: MonthVolume[];
}

export interface VolumeOptions {
  target?: number;
  levelTarget?: number;
}

const emptyCell = (): VolumeCell => ({ items: 0, characters: 0, videoMinutes: 0 });

function add(cell: VolumeCell, m: ItemMeasure): void {
  cell.items += 1;
  cell.characters += m.characters;
  cell.videoMinutes += m.videoMinutes;
}

/** `YYYY-MM` of a date in UTC. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Every month from `first` to `last` inclusive (`YYYY-MM`). */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const end = last;
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= end) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Sum measured items per type, level, locale and publication month, against the target. */
export function aggregateVolume(measures: readonly ItemMeasure[], opts: VolumeOptions = {}): VolumeReport {
  const target = opts.target ?? DEFAULT_TARGET_CHARACTERS;
  const levelTarget = opts.levelTarget ?? Math.round(target / LEVELS.length);
  const total = emptyCell();
  const byType = Object.fromEntries(CONTENT_TYPES.map((t) => [t, emptyCell()])) as Record<string, VolumeCell>;
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, emptyCell()])) as Record<number, VolumeCell>;
  const locales = new Map<string, LocaleVolume>();
  const months = new Map<string, VolumeCell>();
  const monthLocale = new Map<string, number>();
  const byProductArea: Record<string, VolumeCell> = {};
  const localeOf = (locale: string) => {
    let v = locales.get(locale);
    if (!v) {
      v = { locale, ...emptyCell(), progress: 0, byLevel: Object.fromEntries(LEVELS.map((l) => [l, emptyCell()])) };
      locales.set(locale, v);
    }
    return v;
  };
  for (const locale of LOCALES) localeOf(locale);

  for (const m of measures) {
    add(total, m);
    add((byType[m.type] ??= emptyCell()), m);
    add((byLevel[m.level] ??= emptyCell()), m);
    add((byProductArea[m.productArea ?? NO_AREA] ??= emptyCell()), m);
    const loc = localeOf(m.locale);
    add(loc, m);
    add((loc.byLevel[m.level] ??= emptyCell()), m);
    const month = monthOf(m.publishedAt);
    if (!months.has(month)) months.set(month, emptyCell());
    add(months.get(month)!, m);
    monthLocale.set(`${month}\0${m.locale}`, (monthLocale.get(`${month}\0${m.locale}`) ?? 0) + m.characters);
  }

  const byLocale = [...locales.values()].map((l) => ({ ...l, progress: target > 0 ? l.characters / target : 1 }));
  const thinLevels: ThinLevel[] = [];
  for (const l of byLocale) {
    if (l.items === 0) continue;
    for (const level of LEVELS) {
      const characters = l.byLevel[level]!.characters;
      if (characters < levelTarget) thinLevels.push({ locale: l.locale, level, characters, missing: levelTarget - characters });
    }
  }
  thinLevels.sort((a, b) => b.missing - a.missing || a.locale.localeCompare(b.locale) || a.level - b.level);

  const sorted = [...months.keys()].sort();
  let cumulative = 0;
  const perLocale: Record<string, number> = Object.fromEntries([...locales.keys()].map((l) => [l, 0]));
  const byMonth = sorted.length
    ? monthRange(sorted[0]!, sorted[sorted.length - 1]!).map((month) => {
        const cell = months.get(month) ?? emptyCell();
        cumulative += cell.characters;
        for (const l of Object.keys(perLocale)) perLocale[l]! += monthLocale.get(`${month}\0${l}`) ?? 0;
        return { month, ...cell, cumulativeCharacters: cumulative, cumulativeByLocale: { ...perLocale } };
      })
    : [];

  return { target, levelTarget, total, byType, byLevel, byLocale, byProductArea, thinLevels, byMonth };
}
