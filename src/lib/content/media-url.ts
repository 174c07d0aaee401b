/** URL of a media file: external URLs as they are, paths under content/media/ through the gated /media route. */
export function mediaUrl(src: string): string {
  if (/^https?:\/\//.test(src)) return src;
  return `/media/${src.split('/').map(encodeURIComponent).join('/')}`;
}
