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

/** The item a portal path shows (`/manuals/<key>` → manual + key), or undefined for any other page. */
export function itemFromPath(path: string): { type: ContentType; key: string } | undefined {
  const [segment, key, ...rest] = path.replace(/^\/+|\/+$/g, '').split('/');
  const type = SEGMENT_TYPE[segment ?? ''];
  return type && key && !rest.length ? { type, key: decodeURIComponent(key) } : undefined;
}

// Pages of the portal itself that a body may link to (besides items); kept in step with src/pages/.
const PORTAL_PAGES = new Set(['/', '/search', '/login', '/signup', '/profile', '/team', '/me/progress', '/reset-password']);

/** Whether an absolute path (no query) is a portal page other than an item: lists, levels, search… */
export function isPortalPage(path: string): boolean {
  const clean = `/${path.replace(/^\/+|\/+$/g, '')}`;
  if (PORTAL_PAGES.has(clean)) return true;
  const [segment, rest, ...more] = clean.slice(1).split('/');
  if (SEGMENT_TYPE[segment ?? ''] && !rest) return true;
  if (segment === 'levels' && /^[1-5]$/.test(rest ?? '') && !more.length) return true;
  return segment === 'media' && Boolean(rest);
}
