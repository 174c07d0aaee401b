import type Database from 'better-sqlite3';
import { getKpiContent } from '../kpi/kpi-service.ts';
import { getAccountRoadmaps } from './get-account-roadmaps.ts';

/**
 * How many stages of its roadmap an account has finished (every action done), for the survey trigger
 * `due.afterRoadmapStage`. 0 when no roadmap applies.
 */
export function countFinishedStages(db: Database.Database, accountId: string, today: string): number {
  return getAccountRoadmaps(db, getKpiContent(), { today, accountId })[0]?.progress.currentStage ?? 0;
}
