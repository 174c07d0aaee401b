import type { Db } from '../../../../db/client.ts';
import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import type { EngageContent } from './engage-content.ts';
import type { Play } from '../../../schemas/play.ts';

/**
 * What every engage job needs, passed in (not read from globals) so tests and the bench choose the clock,
 * the content and the database. `now` is the one clock: an announcement or a play whose time has not come
 * yet simply waits for a later run.
 */
export interface EngageEnv {
  db: Db;
  root: string;
  /** PUBLIC_ORIGIN (links in mail). */
  origin: string;
  now: number;
  content: EngageContent;
  plays: Play[];
  settings: KpiSettings;
  linkTtlDays: number;
  announcementMaxAgeDays: number;
  /** ENGAGE_PLAY_RUN_RETENTION_DAYS: how long play runs and fires are kept (never less than a play's cooldown). */
  playRunRetentionDays: number;
}
