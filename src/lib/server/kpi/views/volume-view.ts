import type { GitVolume } from '../../../content/git-volume.ts';
import type { Translate } from '../../../../i18n/index.ts';
import { getContentVolume, type ContentVolume } from '../get-content-volume.ts';
import { getContentVolumeGit } from '../get-content-volume-git.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable } from '../tables/table-types.ts';

export interface VolumeView {
  volume: ContentVolume;
  /** The trend by git change date; `pending` while git blame still runs (see GIT_WAIT_MS). */
  git: GitVolume | undefined | 'pending';
  thin: KpiTable;
  locales: KpiTable;
  types: KpiTable;
  levels: KpiTable;
  months: KpiTable;
}

/**
 * How long a page waits for git blame before it renders without the git trend. Blame over a thousand
 * files takes tens of seconds; it goes on in the background and the next load shows the trend.
 */
const GIT_WAIT_MS = 1_500;

export function gitWithin(ms: number, volume: Promise<GitVolume | undefined>): Promise<GitVolume | undefined | 'pending'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  return Promise.race([volume, late]).finally(() => clearTimeout(timer));
}

/** `t` words the "where to write next" rows built from figures (unhelpful pages). */
export function getVolumeView(ctx: KpiContext, t?: Translate): Promise<VolumeView> {
  return computeInTurns(ctx, {
    volume: () => getContentVolume(ctx),
    git: () => gitWithin(GIT_WAIT_MS, getContentVolumeGit(ctx)),
    thin: () => buildTable('volume-thin', ctx, { t }),
    locales: () => buildTable('volume-locales', ctx),
    types: () => buildTable('volume-types', ctx),
    levels: () => buildTable('volume-levels', ctx),
    months: () => buildTable('volume-months', ctx),
  });
}
