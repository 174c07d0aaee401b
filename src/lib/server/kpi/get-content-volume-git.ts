import { measureGitVolumeAsync, type GitVolume } from '../../content/git-volume.ts';
import type { KpiContext } from './kpi-context.ts';

let cached: { at: number; key: string; value: Promise<GitVolume | undefined> } | undefined;

/**
 * Content volume by the month its lines were last changed in git (git blame over content/): the trend
 * from the git history beside the trend from publish dates. Blame is slow on big trees, so it runs
 * asynchronously (other requests go on meanwhile), once for concurrent requests, and the result is kept
 * for ten minutes; undefined when the server does not run from a git work tree.
 */
export function getContentVolumeGit(ctx: KpiContext, root = process.cwd()): Promise<GitVolume | undefined> {
  const files = ctx.content.files.filter((f) => !f.draft).map((f) => f.file);
  const key = files.join('\n');
  if (cached && cached.key === key && Date.now() - cached.at < 600_000) return cached.value;
  const value = measureGitVolumeAsync(root, files).catch(() => undefined);
  cached = { at: Date.now(), key, value };
  return value;
}
