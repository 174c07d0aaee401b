import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentNow } from '../../content/visibility.ts';

/** Index sets for scheduled releases live under `<search>/scheduled/<ms>/`, listed in scheduled.json. */
export const SCHEDULE_DIR = 'scheduled';
export const SCHEDULE_FILE = 'scheduled.json';

export interface SearchSchedule {
  /** Ascending by `at` (ms since epoch); `dir` is relative to the search folder. */
  releases: { at: number; dir: string }[];
}

let cached: { key: string; schedule: SearchSchedule } | undefined;

/** The search folder to serve now: the latest scheduled set whose time has passed, else the base one. */
export function currentSearchDir(base: string): string {
  const path = join(base, SCHEDULE_FILE);
  if (!existsSync(path)) return base;
  const key = `${path}:${statSync(path).mtimeMs}`;
  if (cached?.key !== key) cached = { key, schedule: JSON.parse(readFileSync(path, 'utf8')) as SearchSchedule };
  const now = contentNow().getTime();
  let dir = base;
  for (const r of cached.schedule.releases) if (r.at <= now) dir = join(base, r.dir);
  return dir;
}
