import { getCollection, type CollectionEntry } from 'astro:content';
import type { Audience, ContentType, Level, Locale } from '../../schemas/common.ts';
import { itemHref } from './routes.ts';
import { contentNow, isPublished, nextReleaseAt } from './visibility.ts';

type CollectionName = 'manuals' | 'articles' | 'webinars' | 'caseStudies' | 'announcements' | 'roadmaps';
export type AnyEntry = CollectionEntry<CollectionName>;

const COLLECTION_TYPE: Record<CollectionName, ContentType> = {
  manuals: 'manual',
  articles: 'article',
  webinars: 'webinar',
  caseStudies: 'case-study',
  announcements: 'announcement',
  roadmaps: 'roadmap',
};

/** One content file, normalised across types for listings, the pyramid and access checks. */
export interface Item {
  type: ContentType;
  key: string;
  locale: Locale;
  title: string;
  description: string;
  level: Level;
  audience: Audience;
  tags: string[];
  productArea?: string;
  publishedAt: Date;
  /** Built into the server for staff preview only (see visibility.ts). */
  draft: boolean;
  href: string;
  entry: AnyEntry;
}

export interface Catalog {
  /** Every file published now (every locale): not a draft, publishedAt passed. */
  all: Item[];
  /** Every file built, drafts and scheduled items included: only for staff preview (requireItem). */
  everything: Item[];
  /** Translations of one key. */
  translations(key: string): Item[];
  /** The item in the wanted locale, else Japanese, else any translation. */
  pick(key: string, locale: Locale): Item | undefined;
  /** One item per key, each in the best locale for the reader, newest first. */
  list(locale: Locale, filter?: (item: Item) => boolean): Item[];
}

function toItem(collection: CollectionName, entry: AnyEntry): Item {
  const data = entry.data;
  const type = COLLECTION_TYPE[collection];
  return {
    type,
    key: data.key,
    locale: data.locale,
    title: data.title,
    description: data.description,
    level: data.level as Level,
    audience: data.audience,
    tags: data.tags,
    productArea: data.productArea,
    publishedAt: data.publishedAt,
    draft: data.draft === true,
    href: itemHref(type, data.key),
    entry,
  };
}

/** The catalog over `everything`, as it stands at `now` (what customers may reach). */
function catalogAt(everything: Item[], now: Date, includeDrafts = false): Catalog {
  const all = includeDrafts ? everything : everything.filter((i) => isPublished(i, now));
  const byKey = new Map<string, Item[]>();
  for (const item of all) byKey.set(item.key, [...(byKey.get(item.key) ?? []), item]);
  const pick = (key: string, locale: Locale) => {
    const t = byKey.get(key) ?? [];
    return t.find((i) => i.locale === locale) ?? t.find((i) => i.locale === 'ja') ?? t[0];
  };
  return {
    all,
    everything,
    translations: (key) => byKey.get(key) ?? [],
    pick,
    list(locale, filter = () => true) {
      return [...byKey.keys()]
        .map((k) => pick(k, locale)!)
        .filter(filter)
        .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.key.localeCompare(b.key));
    },
  };
}

/**
 * Every built file, drafts included: production builds carry drafts so staff can preview them on the
 * live portal; what anyone else reaches is decided at request time by `getCatalog` (visibility.ts).
 */
async function loadEverything(): Promise<Item[]> {
  const names = Object.keys(COLLECTION_TYPE) as CollectionName[];
  const lists = await Promise.all(
    names.map(async (name) => ((await getCollection(name)) as AnyEntry[]).map((e) => toItem(name, e))),
  );
  return lists.flat();
}

/** Build the catalog from the content collections, as published at `now`. */
export async function loadCatalog(now: Date = contentNow()): Promise<Catalog> {
  return catalogAt(await loadEverything(), now);
}

let everything: Promise<Item[]> | undefined;
let view: { from: number; until: number; catalog: Catalog } | undefined;

/**
 * The catalog as published now. Content is fixed at build time (read once per process in production);
 * the published set changes only when a scheduled publishedAt passes, so one view serves every request
 * until then and the item is reachable on the first request after its time, with no job to run.
 */
export async function getCatalog(): Promise<Catalog> {
  // `npm run dev` is a writer's own preview: every draft and scheduled item shows, as it always did.
  if (!import.meta.env.PROD) return loadEverything().then((items) => catalogAt(items, new Date(8.64e15), true));
  everything ??= loadEverything();
  const items = await everything;
  const now = contentNow();
  const t = now.getTime();
  if (view && t >= view.from && t < view.until) return view.catalog;
  view = { from: t, until: nextReleaseAt(items, now), catalog: catalogAt(items, now) };
  return view.catalog;
}
