import type { Audience } from '../../schemas/common.ts';
import { canView, type Viewer } from '../access.ts';
import { findComponentAttrs } from './validate.ts';

/** What the media index needs from an item: its audience, frontmatter and raw MDX body. */
export interface MediaSource {
  audience: Audience;
  data: Record<string, unknown>;
  body: string;
}

const isExternal = (src: string) => /^https?:\/\//.test(src);

/** Media paths (relative to content/media/) one item refers to: webinar video/poster and Figure/Video in its body. */
export function mediaPathsOf(item: MediaSource): string[] {
  const paths: string[] = [];
  const video = item.data.video as { src?: unknown; poster?: unknown } | undefined;
  if (video && typeof video.src === 'string') paths.push(video.src);
  if (video && typeof video.poster === 'string') paths.push(video.poster);
  for (const [component, attr] of [
    ['Figure', 'src'],
    ['Video', 'src'],
    ['Video', 'poster'],
  ] as const) {
    for (const ref of findComponentAttrs(item.body, component, attr)) paths.push(ref.value);
  }
  return [...new Set(paths.filter((p) => p && !isExternal(p)))];
}

/**
 * Map each referenced media path to the audiences of the items that use it. A file nobody references
 * is absent (→ 404), so dropping a file into content/media/ never publishes it by accident.
 */
export function buildMediaIndex(items: MediaSource[]): Map<string, Audience[]> {
  const index = new Map<string, Audience[]>();
  for (const item of items) {
    for (const path of mediaPathsOf(item)) index.set(path, [...(index.get(path) ?? []), item.audience]);
  }
  return index;
}

export type MediaDecision = 'ok' | 'not-found' | 'sign-in' | 'forbidden';

/** Who gets a media file: anyone who may open at least one item using it; unreferenced files do not exist. */
export function decideMediaAccess(audiences: Audience[] | undefined, viewer: Viewer | null): MediaDecision {
  if (!audiences || audiences.length === 0) return 'not-found';
  if (audiences.some((a) => canView(viewer, a))) return 'ok';
  return viewer === null ? 'sign-in' : 'forbidden';
}
