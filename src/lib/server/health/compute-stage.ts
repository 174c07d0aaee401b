import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import { daysBetween } from '../kpi/period.ts';

export type Stage = 'A' | 'B' | 'C' | 'D' | 'E';

export interface StageInput {
  slug: string;
  name: string;
  contractStart: string;
  lastActiveDay: string | null;
  pyramidPosition: number;
  people: number;
  activeUsers30: number;
}

export interface StageResult {
  stage: Stage;
  /** i18n key of the rule that decided (shown next to the stage). */
  reason: 'dormant' | 'success' | 'onboarding' | 'self-run' | 'progressing';
}

/**
 * Stage rules, checked in this order (docs/kpi.md):
 * E dormant:     no viewing time for `dormantDays` (or never) and past the onboarding window;
 * A success:     named as the customer of a case study (or listed in JISOU_KPI_STAGE_A_ACCOUNTS) and not dormant;
 * D onboarding:  within the first `onboardingDays` of the contract, or the onboarding manuals not yet covered (position 0);
 * B self-run:    pyramid position ≥ `stageBMinLevel` and ≥ `stageBActivePercent` % of its people active in 30 days;
 * C progressing: everything else.
 */
export function computeStage(a: StageInput, today: string, caseStudyCustomers: Set<string>, s: KpiSettings): StageResult {
  const contractDays = daysBetween(a.contractStart, today);
  const idleDays = a.lastActiveDay === null ? Number.POSITIVE_INFINITY : daysBetween(a.lastActiveDay, today);
  const onboarding = contractDays < s.onboardingDays;
  if (idleDays >= s.dormantDays && !onboarding) return { stage: 'E', reason: 'dormant' };
  const named = s.stageAAccounts.includes(a.slug) || caseStudyCustomers.has(normalizeName(a.name));
  if (named) return { stage: 'A', reason: 'success' };
  if (onboarding || a.pyramidPosition === 0) return { stage: 'D', reason: 'onboarding' };
  const activeShare = a.people ? (a.activeUsers30 / a.people) * 100 : 0;
  if (a.pyramidPosition >= s.stageBMinLevel && activeShare >= s.stageBActivePercent) return { stage: 'B', reason: 'self-run' };
  return { stage: 'C', reason: 'progressing' };
}

/** Company names compared without spaces, case and the usual legal-form words. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/株式会社|有限会社|合同会社|\(株\)|inc\.?|ltd\.?|co\.,?|corp\.?|corporation|k\.k\./g, '')
    .replace(/[\s・.,]/g, '');
}
