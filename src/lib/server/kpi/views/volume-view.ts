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
  git: GitVolume | undefined;
  thin: KpiTable;
  locales: KpiTable;
  types: KpiTable;
  levels: KpiTable;
  months: KpiTable;
}

/** `t` words the "where to write next" rows built from figures (unhelpful pages). */
export function getVolumeView(ctx: KpiContext, t?: Translate): Promise<VolumeView> {
  return computeInTurns(ctx, {
    volume: () => getContentVolume(ctx),
    git: () => getContentVolumeGit(ctx),
    thin: () => buildTable('volume-thin', ctx, { t }),
    locales: () => buildTable('volume-locales', ctx),
    types: () => buildTable('volume-types', ctx),
    levels: () => buildTable('volume-levels', ctx),
    months: () => buildTable('volume-months', ctx),
  });
}
