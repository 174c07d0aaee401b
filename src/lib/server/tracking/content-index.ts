import type { Audience, ContentType, Level } from '../../../schemas/common.ts';
import { validateContent } from '../../content/validate.ts';

/** What tracking needs to know about one content key. */
export interface TrackedItem {
  type: ContentType;
  level: Level;
  audience: Audience;
  /** Announcements: the keys they point at (an impression of the announcement makes those known). */
  refs: string[];
  /** Webinars: length from the frontmatter, seconds. */
  durationSeconds?: number;
}

export type ContentIndex = Map<string, TrackedItem>;

/**
 * Build the key → item map from the content files. The ingest path runs outside Astro (no
 * astro:content), so it reads the same validated files the build used; drafts are excluded like in a
 * production build. Translations share a key and therefore one entry.
 */
export function loadContentIndex(root: string): ContentIndex {
  const { items } = validateContent(root, { includeDrafts: false });
  const index: ContentIndex = new Map();
  for (const item of items) {
    if (item.data.draft) continue;
    const d = item.data as Record<string, unknown>;
    if (index.has(item.data.key)) continue;
    index.set(item.data.key, {
      type: item.type,
      level: (d.level as Level) ?? 1,
      audience: (d.audience as Audience) ?? 'customers',
      refs: Array.isArray(d.refs) ? (d.refs as string[]) : [],
      durationSeconds: typeof d.durationMinutes === 'number' ? d.durationMinutes * 60 : undefined,
    });
  }
  return index;
}
