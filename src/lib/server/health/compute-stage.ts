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
  /** What the account told the vendor (surveys) and its latest sign-in; empty when unknown. */
  surveysAnswered?: number;
  lastSurveyDay?: string | null;
  consent?: boolean;
  lastSignInDay?: string | null;
  /** A manager marked the account as presenting its success (stage A by hand, with a reason). */
  marked?: boolean;
}

export interface StageResult {
  stage: Stage;
  /** i18n key of the rule that decided (shown next to the stage). */
  reason: 'dormant' | 'success' | 'onboarding' | 'self-run' | 'progressing' | 'silent' | 'willing' | 'surveys-several' | 'survey-first' | 'contracted' | 'marked';
  /** The preset that decided, and the dates behind the decision (shown on the account page). */
  rules?: 'surveys' | 'viewing';
  facts?: { contractStart: string; lastSurveyDay: string | null; lastSignInDay: string | null; lastActiveDay: string | null; surveysAnswered: number };
}

const later = (a: string | null | undefined, b: string | null | undefined) => (!a ? (b ?? null) : !b ? a : a > b ? a : b);

/** The stage by the preset in the settings (JISOU_KPI_STAGE_RULES), with the facts that decided it. */
export function decideStage(a: StageInput, today: string, caseStudyCustomers: Set<string>, s: KpiSettings): StageResult {
  const result = s.stageRules === 'surveys' ? computeStageBySurveys(a, today, caseStudyCustomers, s) : computeStage(a, today, caseStudyCustomers, s);
  const facts = { contractStart: a.contractStart, lastSurveyDay: a.lastSurveyDay ?? null, lastSignInDay: a.lastSignInDay ?? null, lastActiveDay: a.lastActiveDay, surveysAnswered: a.surveysAnswered ?? 0 };
  return { ...result, rules: s.stageRules, facts };
}

/**
 * The `surveys` preset, as CS launch guides define the stages by what the customer told the vendor
 * (checked in this order; docs/kpi.md):
 * E silent:   no survey answered and nobody signed in for `stageSilentDays` since the contract start or the
 *             last answered survey, whichever is later;
 * A marked:   a manager marked the account as presenting its success (with a reason);
 * A willing:  at least `stageSeveralSurveys` survey rounds answered and willing to present their success (a yes to
 *             the consent question, an accepted success story, or a case study naming them);
 * B several:  at least `stageSeveralSurveys` answered, not (yet) willing to be a case;
 * C first:    the first survey answered, the next not yet;
 * D contracted: before the first answered survey.
 */
export function computeStageBySurveys(a: StageInput, today: string, caseStudyCustomers: Set<string>, s: KpiSettings): StageResult {
  const answered = a.surveysAnswered ?? 0;
  const since = later(a.contractStart, a.lastSurveyDay);
  const quietDays = since ? daysBetween(since, today) : 0;
  const signInIdle = a.lastSignInDay ? daysBetween(a.lastSignInDay, today) : Number.POSITIVE_INFINITY;
  if (quietDays >= s.stageSilentDays && signInIdle >= s.stageSilentDays) return { stage: 'E', reason: 'silent' };
  if (a.marked) return { stage: 'A', reason: 'marked' };
  const named = caseStudyCustomers.has(normalizeName(a.name));
  if (answered >= s.stageSeveralSurveys && (a.consent || named)) return { stage: 'A', reason: 'willing' };
  if (answered >= s.stageSeveralSurveys) return { stage: 'B', reason: 'surveys-several' };
  if (answered >= 1) return { stage: 'C', reason: 'survey-first' };
  return { stage: 'D', reason: 'contracted' };
}

/**
 * The `viewing` preset (what the account's people read), checked in this order (docs/kpi.md):
 * E dormant:     no viewing time and no sign-in for `dormantDays` (or never) and past the onboarding window;
 * A success:     named as the customer of a case study, or marked by a manager, and not dormant;
 * D onboarding:  within the first `onboardingDays` of the contract, or the onboarding manuals not yet covered (position 0);
 * B self-run:    pyramid position ≥ `stageBMinLevel` and ≥ `stageBActivePercent` % of its people active in 30 days;
 * C progressing: everything else.
 */
export function computeStage(a: StageInput, today: string, caseStudyCustomers: Set<string>, s: KpiSettings): StageResult {
  const contractDays = daysBetween(a.contractStart, today);
  // Signing in counts as activity too: an account whose people sign in but have not read lately is not dormant.
  const lastSeen = later(a.lastActiveDay, a.lastSignInDay);
  const idleDays = lastSeen === null ? Number.POSITIVE_INFINITY : daysBetween(lastSeen, today);
  const onboarding = contractDays < s.onboardingDays;
  if (idleDays >= s.dormantDays && !onboarding) return { stage: 'E', reason: 'dormant' };
  const named = a.marked || caseStudyCustomers.has(normalizeName(a.name));
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
