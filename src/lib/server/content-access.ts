// Every page asks this module what a viewer may see, so the gating rule lives in one place.
import { getCatalog, type Item } from '../content/catalog.ts';
import { canView, isStaff, type Viewer } from '../access.ts';
import { isPublished } from '../content/visibility.ts';
import { isLocale } from '../../i18n/index.ts';
import type { ContentType, Level, Locale } from '../../schemas/common.ts';
import { sortForReading } from './onboarding/series-order.ts';
import { collectFacets, matchesFilter, readListFilter, type Facet, type ListFilter } from '../content/list-filter.ts';

/** The best translation for a reader: their locale, else Japanese, else any. */
function preferred(translations: Item[], locale: Locale): Item | undefined {
  return translations.find((i) => i.locale === locale) ?? translations.find((i) => i.locale === 'ja') ?? translations[0];
}

/**
 * One item per key that the viewer may open, each in the best locale they can read, newest first.
 * Translations are checked one by one: a key hidden in Japanese may still be open in English.
 */
export async function listVisible(
  viewer: Viewer | null,
  locale: Locale,
  filter: (item: Item) => boolean = () => true,
): Promise<Item[]> {
  const catalog = await getCatalog();
  const byKey = new Map<string, Item[]>();
  for (const item of catalog.all) {
    if (!canView(viewer, item.audience)) continue;
    byKey.set(item.key, [...(byKey.get(item.key) ?? []), item]);
  }
  return [...byKey.values()]
    .map((translations) => preferred(translations, locale)!)
    .filter(filter)
    .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.key.localeCompare(b.key));
}

/** The item behind a key if the viewer may open it (used by links, roadmaps and announcements). */
export async function findVisible(viewer: Viewer | null, locale: Locale, key: string): Promise<Item | undefined> {
  const catalog = await getCatalog();
  return preferred(
    catalog.translations(key).filter((i) => canView(viewer, i.audience)),
    locale,
  );
}

export type ItemAccess =
  | {
      status: 'ok';
      item: Item;
      /** Other languages of the same key the viewer may open. */
      translations: Item[];
      /** True when the item is not in the language the reader wanted. */
      fallback: boolean;
      /** Language the reader asked for (?lang=… or their UI locale). */
      wanted: Locale;
      /** A draft or a scheduled item shown to staff: the page carries the 「下書き / Draft」 banner. */
      preview: 'draft' | 'scheduled' | null;
    }
  | { status: 'not-found' }
  | { status: 'login'; location: string }
  | { status: 'forbidden' };

/**
 * Decide what a detail page shows: the item, a 404, a redirect to sign in (visitor) or a 403 (signed in
 * but not in the audience). `?lang=en` picks a translation without changing the UI language.
 */
export async function requireItem(
  locals: { viewer: Viewer | null; locale: Locale },
  url: URL,
  type: ContentType,
  key: string | undefined,
): Promise<ItemAccess> {
  const catalog = await getCatalog();
  // Staff preview drafts and scheduled items on the live portal (the same URL, shareable among staff);
  // anyone else gets the 404 an unknown key gets, so not even the existence of a draft shows.
  const staff = isStaff(locals.viewer);
  const all = !key ? [] : (staff ? catalog.everything.filter((i) => i.key === key) : catalog.translations(key)).filter((i) => i.type === type);
  if (all.length === 0) return { status: 'not-found' };
  const lang = url.searchParams.get('lang');
  const wanted = isLocale(lang) ? lang : locals.locale;
  const allowed = all.filter((i) => canView(locals.viewer, i.audience));
  const item = preferred(allowed, wanted);
  if (!item) {
    if (locals.viewer === null) {
      return { status: 'login', location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` };
    }
    return { status: 'forbidden' };
  }
  return {
    status: 'ok',
    item,
    translations: allowed.filter((i) => i !== item),
    fallback: item.locale !== wanted,
    wanted,
    preview: isPublished(item) ? null : item.draft ? 'draft' : 'scheduled',
  };
}

/** Whether some item in scope exists that this visitor could open after signing in (for a sign-in hint). */
export async function hasHiddenForVisitor(viewer: Viewer | null, scope: (item: Item) => boolean = () => true): Promise<boolean> {
  if (viewer !== null) return false;
  const catalog = await getCatalog();
  return catalog.all.some((i) => scope(i) && !canView(null, i.audience));
}

/** Pyramid levels holding items (in scope) that a visitor could open after signing in. */
export async function levelsHiddenFromVisitor(viewer: Viewer | null, scope: (item: Item) => boolean = () => true): Promise<Level[]> {
  if (viewer !== null) return [];
  const catalog = await getCatalog();
  const levels = new Set(catalog.all.filter((i) => scope(i) && !canView(null, i.audience)).map((i) => i.level));
  return [...levels].sort();
}

export interface ListPageData {
  /** True for a visitor when signing in would show more items here. */
  signInForMore: boolean;
  items: Item[];
  /** Items before the tag/area filter, for "n of m". */
  total: number;
  filter: ListFilter;
  facets: { tags: Facet[]; areas: Facet[] };
}

/** A list page: visible items of one type or level, narrowed by the GET filter, with the filter options. */
export async function loadListPage(
  locals: { viewer: Viewer | null; locale: Locale },
  params: URLSearchParams,
  scope: (item: Item) => boolean,
): Promise<ListPageData> {
  // Manuals in series order with the step they are, other types newest first (see series-order.ts).
  const base = await sortForReading(await listVisible(locals.viewer, locals.locale, scope));
  const filter = readListFilter(params);
  return {
    signInForMore: await hasHiddenForVisitor(locals.viewer, scope),
    items: base.filter((i) => matchesFilter(i, filter)),
    total: base.length,
    filter,
    facets: collectFacets(base),
  };
}

export interface SeriesPage {
  item: Item;
  key: string;
  order: number;
}

/** Pages of a manual series the viewer may open, one per key in the wanted language, by `order`. */
export async function loadSeries(viewer: Viewer | null, locale: Locale, series: string): Promise<SeriesPage[]> {
  const items = await listVisible(
    viewer,
    locale,
    (i) => i.type === 'manual' && (i.entry.data as { series?: string }).series === series,
  );
  return items
    .map((item) => ({ item, key: item.key, order: (item.entry.data as { order: number }).order }))
    .sort((a, b) => a.order - b.order);
}
