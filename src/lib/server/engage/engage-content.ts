import type { Audience, ContentType, Level, Locale } from '../../../schemas/common.ts';
import { itemHref } from '../../content/routes.ts';
import { validateContent } from '../../content/validate.ts';

/** One content item as mail needs it: its link and its words in each language it is written in. */
export interface EngageItem {
  key: string;
  type: ContentType;
  level: Level;
  audience: Audience;
  publishedAt: Date;
  href: string;
  titles: Partial<Record<Locale, string>>;
  descriptions: Partial<Record<Locale, string>>;
  /** Announcements: the channels and the items pointed at. */
  channels: string[];
  refs: string[];
}

export interface EngageContent {
  items: EngageItem[];
  byKey: Map<string, EngageItem>;
}

/** Published items (drafts never go out by mail), translations merged under their key. */
export function loadEngageContent(root: string): EngageContent {
  const byKey = new Map<string, EngageItem>();
  for (const it of validateContent(root, { includeDrafts: false }).items) {
    if (it.data.draft) continue;
    const d = it.data as unknown as Record<string, unknown> & { key: string; locale: Locale; title: string; description: string; publishedAt: Date; level: Level };
    const existing = byKey.get(d.key);
    if (existing) {
      existing.titles[d.locale] = d.title;
      existing.descriptions[d.locale] = d.description;
      // A translation published later does not make the item newer (manual steps keep their order).
      if (new Date(d.publishedAt) < existing.publishedAt) existing.publishedAt = new Date(d.publishedAt);
      continue;
    }
    byKey.set(d.key, {
      key: d.key, type: it.type, level: d.level, audience: (d.audience as Audience) ?? 'customers', publishedAt: new Date(d.publishedAt), href: itemHref(it.type, d.key),
      titles: { [d.locale]: d.title }, descriptions: { [d.locale]: d.description },
      channels: Array.isArray(d.channels) ? (d.channels as string[]) : ['portal'], refs: Array.isArray(d.refs) ? (d.refs as string[]) : [],
    });
  }
  return { items: [...byKey.values()], byKey };
}

/** The item's title in the reader's language, else Japanese, else whichever exists. */
export function titleIn(item: EngageItem, locale: Locale): string {
  return item.titles[locale] ?? item.titles.ja ?? Object.values(item.titles)[0] ?? item.key;
}

export function descriptionIn(item: EngageItem, locale: Locale): string {
  return item.descriptions[locale] ?? item.descriptions.ja ?? Object.values(item.descriptions)[0] ?? '';
}
