import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import { daysBetween } from '../kpi/period.ts';

export type AlertKind = 'onboarding-low' | 'dormant' | 'drop' | 'roadmap-overdue';

export interface Alert {
  kind: AlertKind;
  /** Figures for the reason sentence (i18n `dashboard.alert.reason.<kind>`). */
  params: Record<string, number>;
}

export interface AlertInput {
  contractStart: string;
  lastActiveDay: string | null;
  viewingMs: number;
  previousMs: number;
  last14Ms: number;
  /** Roadmap actions overdue by at least the alert's days (JISOU_KPI_ALERT_ROADMAP_OVERDUE_DAYS), and the longest overdue, days. */
  roadmapOverdue?: { actions: number; days: number };
}

const MIN = 60_000;

/**
 * Alert rules (thresholds in config):
 * - onboarding-low: within the first `onboardingDays` of the contract (and at least 14 days in) with
 *   viewing time of the last 14 days under `alertOnboardingMinutes`;
 * - dormant: no viewing time for `dormantDays` days (contract older than that);
 * - drop: viewing time fell by ≥ `alertDropPercent` % against the previous period of equal length,
 *   when the previous period had at least `alertDropMinMinutes` (not raised for dormant accounts);
 * - roadmap-overdue: at least `alertRoadmapOverdueActions` roadmap actions overdue by `alertRoadmapOverdueDays` or more.
 */
export function detectAlerts(a: AlertInput, today: string, s: KpiSettings): Alert[] {
  const out: Alert[] = [];
  const contractDays = daysBetween(a.contractStart, today);
  if (contractDays >= 14 && contractDays < s.onboardingDays && a.last14Ms < s.alertOnboardingMinutes * MIN) {
    out.push({ kind: 'onboarding-low', params: { days: contractDays, minutes: Math.round(a.last14Ms / MIN), threshold: s.alertOnboardingMinutes } });
  }
  const idle = a.lastActiveDay === null ? contractDays : daysBetween(a.lastActiveDay, today);
  const dormant = idle >= s.dormantDays && contractDays >= s.dormantDays;
  if (dormant) out.push({ kind: 'dormant', params: { days: idle } });
  // A dormant account's fall is already said by the dormant alert.
  if (!dormant && a.previousMs >= s.alertDropMinMinutes * MIN && a.previousMs > 0) {
    const fall = ((a.previousMs - a.viewingMs) / a.previousMs) * 100;
    if (fall >= s.alertDropPercent) {
      out.push({ kind: 'drop', params: { percent: Math.round(fall), current: Math.round(a.viewingMs / MIN), previous: Math.round(a.previousMs / MIN) } });
    }
  }
  if (a.roadmapOverdue && a.roadmapOverdue.actions >= s.alertRoadmapOverdueActions) {
    out.push({ kind: 'roadmap-overdue', params: { actions: a.roadmapOverdue.actions, days: a.roadmapOverdue.days } });
  }
  return out;
}
