import { getCollection, type CollectionEntry } from 'astro:content';
import type { Audience, ContentType, Level, Locale } from '../../schemas/common.ts';
import { itemHref } from './routes.ts';

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
  href: string;
  entry: AnyEntry;
}

export interface Catalog {
  /** Every published file (every locale). */
  all: Item[];
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
    href: itemHref(type, data.key),
    entry,
  };
}

/** Build the catalog from the content collections; drafts only outside production builds. */
export async function loadCatalog(): Promise<Catalog> {
  const names = Object.keys(COLLECTION_TYPE) as CollectionName[];
  const showDrafts = !import.meta.env.PROD;
  const lists = await Promise.all(
    names.map(async (name) => {
      const entries = (await getCollection(name, (e: AnyEntry) => showDrafts || !e.data.draft)) as AnyEntry[];
      return entries.map((e) => toItem(name, e));
    }),
  );
  const all = lists.flat();
  const byKey = new Map<string, Item[]>();
  for (const item of all) byKey.set(item.key, [...(byKey.get(item.key) ?? []), item]);
  const pick = (key: string, locale: Locale) => {
    const t = byKey.get(key) ?? [];
    return t.find((i) => i.locale === locale) ?? t.find((i) => i.locale === 'ja') ?? t[0];
  };
  return {
    all,
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

let cached: Promise<Catalog> | undefined;

/** The catalog, built once per process in production (content is fixed at build time). */
export function getCatalog(): Promise<Catalog> {
  if (!import.meta.env.PROD) return loadCatalog();
  cached ??= loadCatalog();
  return cached;
}
