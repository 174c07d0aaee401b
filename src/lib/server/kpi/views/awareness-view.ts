import { getAnnouncementReach, type AnnouncementReachRow } from '../get-announcement-reach.ts';
import { getAwarenessSummary, type AwarenessSummary } from '../get-awareness-summary.ts';
import type { KpiContext } from '../kpi-context.ts';
import { computeInTurns } from './compute-in-turns.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable } from '../tables/table-types.ts';

export interface AwarenessView {
  summary: AwarenessSummary;
  reach: AnnouncementReachRow[];
  items: KpiTable;
  announcements: KpiTable;
  channels: KpiTable;
  itemChannels: KpiTable;
  accounts: KpiTable;
}

export function getAwarenessView(ctx: KpiContext): Promise<AwarenessView> {
  return computeInTurns(ctx, {
    summary: () => getAwarenessSummary(ctx),
    reach: () => getAnnouncementReach(ctx),
    items: () => buildTable('awareness-items', ctx),
    announcements: () => buildTable('awareness-announcements', ctx),
    channels: () => buildTable('awareness-channels', ctx),
    itemChannels: () => buildTable('awareness-item-channels', ctx),
    accounts: () => buildTable('awareness-accounts', ctx),
  });
}
