import type { GitVolume } from '../../../content/git-volume.ts';
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

export function getVolumeView(ctx: KpiContext): Promise<VolumeView> {
  return computeInTurns(ctx, {
    volume: () => getContentVolume(ctx),
    git: () => getContentVolumeGit(ctx),
    thin: () => buildTable('volume-thin', ctx),
    locales: () => buildTable('volume-locales', ctx),
    types: () => buildTable('volume-types', ctx),
    levels: () => buildTable('volume-levels', ctx),
    months: () => buildTable('volume-months', ctx),
  });
}
