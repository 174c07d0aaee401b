import type { ContentType } from '../../schemas/common.ts';

/** URL segment of each content type: `/manuals/<key>`, `/case-studies/<key>`… */
export const TYPE_SEGMENT: Record<ContentType, string> = {
  manual: 'manuals',
  article: 'articles',
  webinar: 'webinars',
  'case-study': 'case-studies',
  announcement: 'announcements',
  roadmap: 'roadmaps',
};

export const SEGMENT_TYPE = Object.fromEntries(
  Object.entries(TYPE_SEGMENT).map(([type, segment]) => [segment, type as ContentType]),
) as Record<string, ContentType>;

export function itemHref(type: ContentType, key: string): string {
  return `/${TYPE_SEGMENT[type]}/${key}`;
}
