import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { getCatalog } from '../content/catalog.ts';
import { decideMediaAccess, mediaPathsOf } from '../content/media-refs.ts';
import { isStaff, type Viewer } from '../access.ts';
import { isPublished, type Publishable } from '../content/visibility.ts';
import type { Audience } from '../../schemas/common.ts';
import { contentTypeFor, parseRange, resolveMediaPath } from './media-path.ts';

// npm start runs from the project root, so content/media/ sits next to the build, never inside public/.
const MEDIA_DIR = resolve(process.cwd(), 'content/media');

type MediaUse = { audience: Audience; item: Publishable };

let index: Promise<Map<string, MediaUse[]>> | undefined;

/**
 * Which items use which media file, built once per process from every built item (drafts and scheduled
 * ones included, so staff preview sees their figures); who may fetch a file is decided per request.
 */
function getMediaIndex(): Promise<Map<string, MediaUse[]>> {
  index ??= getCatalog().then((catalog) => {
    const uses = new Map<string, MediaUse[]>();
    for (const item of catalog.everything) {
      const source = { audience: item.audience, data: item.entry.data as Record<string, unknown>, body: item.entry.body ?? '' };
      for (const path of mediaPathsOf(source)) uses.set(path, [...(uses.get(path) ?? []), { audience: item.audience, item }]);
    }
    return uses;
  });
  return index;
}

/** Audiences of the items using a file that this viewer may reach now (a draft's or scheduled item's files: staff only). */
function reachableAudiences(uses: MediaUse[] | undefined, viewer: Viewer | null): Audience[] | undefined {
  const staff = isStaff(viewer);
  return uses?.filter((u) => staff || isPublished(u.item)).map((u) => u.audience);
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });

/**
 * Serve one file from content/media/: only when an item the viewer may open refers to it.
 * Bad or unknown paths → 404; visitor without access → 401; signed in without access → 403.
 */
export async function serveMedia(request: Request, viewer: Viewer | null, rawPath: string): Promise<Response> {
  const path = resolveMediaPath(rawPath);
  if (!path) return text(404, 'Not found');
  const decision = decideMediaAccess(reachableAudiences((await getMediaIndex()).get(path), viewer), viewer);
  if (decision === 'not-found') return text(404, 'Not found');
  if (decision === 'sign-in') return text(401, 'Sign in to view this file.');
  if (decision === 'forbidden') return text(403, 'You do not have access to this file.');

  const file = join(MEDIA_DIR, path);
  let info;
  try {
    info = await stat(file);
  } catch {
    return text(404, 'Not found');
  }
  if (!info.isFile()) return text(404, 'Not found');

  const size = info.size;
  const etag = `W/"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
  const common: Record<string, string> = {
    'Content-Type': contentTypeFor(path),
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': lastModified,
    // Gated by session: shared caches must not keep a copy for the next person.
    'Cache-Control': 'private, max-age=300',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Cookie',
  };

  const inm = request.headers.get('if-none-match');
  const ims = request.headers.get('if-modified-since');
  if ((inm && inm.split(',').some((t) => t.trim() === etag)) || (!inm && ims && Date.parse(ims) >= Date.parse(lastModified))) {
    return new Response(null, { status: 304, headers: common });
  }

  // A Range is honoured only when If-Range (if any) still names this version of the file.
  const ifRange = request.headers.get('if-range');
  const rangeHeader = ifRange && ifRange !== etag && ifRange !== lastModified ? null : request.headers.get('range');
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return text(416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });

  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  const body =
    request.method === 'HEAD' || length === 0
      ? null
      : (Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: range ? 206 : 200,
    headers: {
      ...common,
      'Content-Length': String(length),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    },
  });
}
