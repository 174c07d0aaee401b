import { posix } from 'node:path';

const SAFE_SEGMENT = /^[\p{L}\p{N}._ -]+$/u;

/**
 * Turn the `[...path]` of a /media URL into a path relative to content/media/, or null when it is
 * not a plain, normalised relative path. Rejects `..` and `.` segments (also percent-encoded, once
 * or twice), absolute paths, backslashes, empty segments (`a//b`) and any character outside
 * letters, digits, space and "._-", so nothing can escape the media folder whatever the router decoded.
 */
export function resolveMediaPath(raw: string | undefined): string | null {
  if (!raw || raw.length > 512) return null;
  let path = raw;
  // Decode until stable (at most twice): "%252e%252e" must not survive as ".." one layer later.
  for (let i = 0; i < 3 && /%[0-9a-fA-F]{2}/.test(path); i++) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return null;
    }
  }
  if (/%/.test(path) || path.includes('\\') || path.startsWith('/') || path.includes('\0')) return null;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || !SAFE_SEGMENT.test(s))) return null;
  const normalised = posix.normalize(path);
  return normalised === path ? path : null;
}

export type ByteRange = { start: number; end: number };

/**
 * Parse a single-range `Range: bytes=…` header against a file size.
 * Returns the range, `null` when there is no (usable) Range header, or `'unsatisfiable'` (→ 416).
 * Multi-range requests are answered with the whole file, which RFC 9110 allows.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from = '', to = ''] = m;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(path: string): string {
  return TYPES[posix.extname(path).toLowerCase()] ?? 'application/octet-stream';
}
