import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../src/schemas/config.ts';

/** A build the server can serve: `dist` (what `npm start` builds) or a release folder `releases/<id>`. */
export interface BuildRef {
  id: string;
  dir: string;
}

/** releases/live.json: the build the live server was last switched to and the one before (for --rollback). */
export interface LiveFile {
  live: BuildRef;
  previous: BuildRef | null;
}

export const releasesDir = (root: string, config: Config) => resolve(root, config.JISOU_RELEASES_DIR);
const liveFile = (root: string, config: Config) => join(releasesDir(root, config), 'live.json');
const isBuild = (dir: string) => existsSync(join(dir, 'server/entry.mjs')) && existsSync(join(dir, '.jisou-build'));

export function readLiveFile(root: string, config: Config): LiveFile | null {
  const path = liveFile(root, config);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LiveFile;
  } catch {
    return null;
  }
}

/** The release published last, when its folder still holds a build. */
export function liveRelease(root: string, config: Config): BuildRef | null {
  const live = readLiveFile(root, config)?.live;
  return live && isBuild(live.dir) ? live : null;
}

export function writeLiveFile(root: string, config: Config, value: LiveFile): void {
  const path = liveFile(root, config);
  writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2));
  // rename is atomic: `npm start` never reads half a file.
  renameSync(`${path}.tmp`, path);
}

/** Delete release folders other than the live and the previous one (and one being built, `keep`). */
export function pruneReleases(root: string, config: Config, keep: string[]): string[] {
  const dir = releasesDir(root, config);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (!name.isDirectory() || keep.includes(join(dir, name.name))) continue;
    rmSync(join(dir, name.name), { recursive: true, force: true });
    removed.push(name.name);
  }
  return removed;
}
