import { resolve } from 'node:path';
import { measureGitVolumeAsync, type GitVolume } from '../../content/git-volume.ts';
import { getConfig } from '../config.ts';
import { identityOf } from './account-state-epoch.ts';
import type { KpiContext } from './kpi-context.ts';

const KEEP_MS = 60_000;

let cached: { at: number; key: number; value: Promise<GitVolume | undefined> } | undefined;

/**
 * Content volume by the month its lines were last changed in git (git blame over content/): the trend
 * from the git history beside the trend from publish dates. Blame is slow on big trees, so it runs
 * asynchronously (other requests go on meanwhile), once for concurrent requests; each file's result is kept
 * on disk (CONTENT_GIT_VOLUME_CACHE) until the file or its last commit changes, so after a start or a publish
 * only what changed is blamed, and the whole is kept here for a minute. Undefined when the server does not
 * run from a git work tree.
 */
export function getContentVolumeGit(ctx: KpiContext, root = process.cwd()): Promise<GitVolume | undefined> {
  // The content object is re-made whenever content is re-read, so its identity stands for its file list.
  const key = identityOf(ctx.content);
  if (cached && cached.key === key && Date.now() - cached.at < KEEP_MS) return cached.value;
  const files = ctx.content.files.filter((f) => !f.draft).map((f) => f.file);
  const value = measureGitVolumeAsync(root, files, resolve(root, getConfig().CONTENT_GIT_VOLUME_CACHE)).catch(() => undefined);
  cached = { at: Date.now(), key, value };
  return value;
}
