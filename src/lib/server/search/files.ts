import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Viewer } from '../../access.ts';
import { MANIFEST_FILE, type SearchMode, type TierManifest } from './manifest.ts';
import { currentSearchDir } from './schedule.ts';
import { INDEX_ID, indexSetFor, mayReadIndexSet } from './tiers.ts';

/**
 * Where the build wrote the indexes (outside dist/client); JISOU_SEARCH_DIR overrides it. When a
 * scheduled release time has passed, the set built for it (schedule.ts).
 */
export function searchDir(): string {
  return currentSearchDir(resolve(process.env.JISOU_SEARCH_DIR ?? join(process.cwd(), 'dist', 'search')));
}

let cached: { key: string; manifest: TierManifest } | undefined;

/** What the last build wrote; empty lists when search was never built. */
export function loadManifest(): TierManifest {
  const path = join(searchDir(), MANIFEST_FILE);
  if (!existsSync(path)) return { mode: 'native', builtAt: '', tiers: [], indexes: [] };
  const key = `${path}:${statSync(path).mtimeMs}`;
  if (cached?.key !== key) cached = { key, manifest: JSON.parse(readFileSync(path, 'utf8')) as TierManifest };
  return cached.manifest;
}

/** What the search page tells the browser about this viewer's index, read from one manifest. */
export interface SearchSetup {
  mode: SearchMode;
  /** The one index this viewer reads (tiers.ts indexSetFor); none when nothing is published for them. */
  index: string | undefined;
  /** Pages in it: how big the downloaded index can get. */
  pages: number;
  /** Words whose preloading loads every chunk of it; none when it is large. */
  warmWords: string[];
  /** Whether every fragment is in one file too, to load ahead (build-index.ts writeFragmentBundle). */
  bundled: boolean;
}

export function searchSetupFor(viewer: Viewer | null): SearchSetup {
  const manifest = loadManifest();
  const set = indexSetFor(viewer, manifest.tiers, manifest.indexes);
  // The build lists warm words and writes the fragment bundle only for an index small enough to load ahead.
  return { mode: manifest.mode, index: set?.id, pages: set?.pages ?? 0, warmWords: set?.warm ?? [], bundled: !!set?.bundled };
}

/** Only the files of a Pagefind bundle the browser needs; anything else (or any "..") is not found. */
const FILE = /^(pagefind\.js|pagefind-entry\.json|all-fragments\.json|pagefind\.[a-z]{2,8}_[0-9a-f]{6,}\.pf_meta|wasm\.[a-z]{2,8}\.pagefind|(index|fragment|filter)\/[a-z]{2,8}_[0-9a-f]{6,}\.pf_(index|fragment|filter))$/;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const gzipped = new Map<string, Buffer>();

export interface SearchFileRequest {
  viewer: Viewer | null;
  /** Index set id (tiers.ts IndexSet). */
  index: string | undefined;
  file: string | undefined;
  acceptEncoding: string | null;
}

/**
 * One file of one index, only for a viewer allowed to read every tier in it. Pagefind's own chunks
 * are already gzip-compressed; its script and entry file are compressed here when the browser
 * accepts it, to keep the first query small.
 */
export function searchFileResponse(req: SearchFileRequest): Response {
  const file = readSearchFile(req);
  return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), { status: file.status, headers: file.headers });
}

export interface SearchFile {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** The answer for one index file, for the Astro route and the server's fast path alike (mount-search-files.ts). */
export function readSearchFile(req: SearchFileRequest): SearchFile {
  const notFound = (): SearchFile => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' });
  if (!req.index || !req.file || !INDEX_ID.test(req.index) || !FILE.test(req.file)) return notFound();
  const manifest = loadManifest();
  const set = manifest.indexes.find((s) => s.id === req.index);
  if (!set) return notFound();
  if (!mayReadIndexSet(req.viewer, manifest.tiers, set)) {
    return { status: req.viewer ? 403 : 401, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' }, body: 'This search index needs a session that may read it.' };
  }
  const path = join(searchDir(), set.id, req.file);
  if (!existsSync(path)) return notFound();
  const ext = req.file.slice(req.file.lastIndexOf('.') + 1);
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    // Gated indexes never sit in a shared cache; the public index's hashed chunks may.
    'cache-control': set.id !== 'public' ? 'private, no-store' : /^(index|fragment|filter)\/|pf_meta$|pagefind$/.test(req.file) ? 'public, max-age=3600' : 'no-cache',
    vary: 'Cookie, Accept-Encoding',
  };
  let body: Buffer = readFileSync(path);
  if (TYPES[ext] && /\bgzip\b/.test(req.acceptEncoding ?? '')) {
    const key = `${path}:${statSync(path).mtimeMs}`;
    let zipped = gzipped.get(key);
    if (!zipped) gzipped.set(key, (zipped = gzipSync(body, { level: 9 })));
    body = zipped;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  return { status: 200, headers, body };
}
