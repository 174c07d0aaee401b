import type Database from 'better-sqlite3';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { overdueBy, type ActionProgress } from './compute-roadmap-progress.ts';
import { getAccountRoadmaps } from './get-account-roadmaps.ts';

export interface OverdueRoadmapActions {
  accountId: string;
  accountName: string;
  roadmapKey: string;
  /** Stage the account stands at (0-based) and its due date. */
  stage: number;
  actions: ActionProgress[];
}

/**
 * Accounts with roadmap actions overdue by at least `graceDays` on `today` (YYYY-MM-DD): the alert
 * `roadmap-overdue` and the plays trigger "roadmap stage overdue" read this.
 */
export function findOverdueRoadmapActions(db: Database.Database, content: KpiContent, today: string, graceDays = 0): OverdueRoadmapActions[] {
  return getAccountRoadmaps(db, content, { today }).flatMap((r) => {
    const actions = overdueBy(r.progress, today, graceDays);
    return actions.length ? [{ accountId: r.account.id, accountName: r.account.name, roadmapKey: r.progress.roadmapKey, stage: r.progress.currentStage, actions }] : [];
  });
}
