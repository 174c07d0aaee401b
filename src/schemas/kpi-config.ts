import { z } from 'zod';

const num = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/**
 * Dashboard thresholds and weights (env vars `JISOU_KPI_*`), validated once. Every field has a default;
 * docs/kpi.md explains how each one is used by the stage rules, the health score and the alerts.
 */
export const kpiConfigSchema = z
  .object({
    /** Target of the content-volume KPI, characters per locale. Default 30000 (≈ 100 book pages). */
    JISOU_KPI_VOLUME_TARGET: int(30_000, 1, 10_000_000),
    /** Target line of the viewing-time chart: minutes per active account per day. Default 10. */
    JISOU_KPI_VIEWING_TARGET_MINUTES: num(10, 0, 1440),
    /** Target line of the awareness chart, percent. Default 60. */
    JISOU_KPI_AWARENESS_TARGET_PERCENT: num(60, 0, 100),
    /** "Newest items" for the awareness KPI: items published within this many days. Default 30. */
    JISOU_KPI_NEWEST_DAYS: int(30, 1, 365),
    /** Stage/alerts: days without viewing time after which an account is dormant (stage E). Default 30. */
    JISOU_KPI_DORMANT_DAYS: int(30, 1, 365),
    /** Stage/alerts: the first N days of a contract are onboarding (stage D). Default 60. */
    JISOU_KPI_ONBOARDING_DAYS: int(60, 1, 365),
    /** Stage B (runs on its own): pyramid position at least this level. Default 3. */
    JISOU_KPI_STAGE_B_MIN_LEVEL: int(3, 1, 5),
    /** Stage B: at least this share (percent) of the account's people active in the last 30 days. Default 50. */
    JISOU_KPI_STAGE_B_ACTIVE_PERCENT: num(50, 0, 100),
    /** Which stage rules decide A–E: `surveys` (what the customer told us; default) or `viewing` (what they read). */
    JISOU_KPI_STAGE_RULES: z.enum(['surveys', 'viewing']).default('surveys'),
    /** Stage rules `surveys`: "several surveys answered" means at least this many. Default 2. */
    JISOU_KPI_STAGE_SEVERAL_SURVEYS: int(2, 2, 20),
    /** Stage rules `surveys`: E when no survey was answered and nobody signed in for this many months since the contract or the last survey. Default 3. */
    JISOU_KPI_STAGE_SILENT_MONTHS: int(3, 1, 36),
    /** Alert: during onboarding, viewing time of the last 14 days under this many minutes. Default 60. */
    JISOU_KPI_ALERT_ONBOARDING_MINUTES: num(60, 0, 100_000),
    /** Alert: viewing time fell by at least this percent against the previous period. Default 50. */
    JISOU_KPI_ALERT_DROP_PERCENT: num(50, 1, 100),
    /** Alert (drop): ignore accounts whose previous period had less than this many minutes. Default 30. */
    JISOU_KPI_ALERT_DROP_MIN_MINUTES: num(30, 0, 100_000),
    /** Health weights (relative; need not add up to 100). */
    JISOU_KPI_WEIGHT_RECENCY: num(25, 0, 1000),
    JISOU_KPI_WEIGHT_VIEWING: num(25, 0, 1000),
    JISOU_KPI_WEIGHT_PYRAMID: num(20, 0, 1000),
    JISOU_KPI_WEIGHT_AWARENESS: num(15, 0, 1000),
    JISOU_KPI_WEIGHT_TREND: num(15, 0, 1000),
    /** Health score weight of what the customer said: the account's NPS from its survey answers. Default 10. */
    JISOU_KPI_WEIGHT_NPS: num(10, 0, 1000),
    /** Health score weight of sign-in recency (the latest sign-in of the account's people). Default 10. */
    JISOU_KPI_WEIGHT_SIGNIN: num(10, 0, 1000),
    /** Webhook for started alerts (JSON POST). Unset = no webhook. */
    JISOU_KPI_ALERT_WEBHOOK_URL: z.url().optional(),
    /** Secret for signing the alert webhook: each POST carries `X-Jisou-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (docs/kpi.md, "Alert webhook"). Unset = unsigned. */
    JISOU_KPI_ALERT_WEBHOOK_SECRET: z.string().min(16).optional(),
    /** Webhook attempts before giving up (1 = no retry). Default 4. */
    JISOU_KPI_WEBHOOK_ATTEMPTS: int(4, 1, 10),
    /** First retry delay in ms; doubles with each attempt. Default 1000. */
    JISOU_KPI_WEBHOOK_BACKOFF_MS: int(1000, 1, 600_000),
  })
  .refine(
    (c) => c.JISOU_KPI_WEIGHT_RECENCY + c.JISOU_KPI_WEIGHT_VIEWING + c.JISOU_KPI_WEIGHT_PYRAMID + c.JISOU_KPI_WEIGHT_AWARENESS + c.JISOU_KPI_WEIGHT_TREND + c.JISOU_KPI_WEIGHT_NPS + c.JISOU_KPI_WEIGHT_SIGNIN > 0,
    { message: 'at least one JISOU_KPI_WEIGHT_* must be greater than 0', path: ['JISOU_KPI_WEIGHT_RECENCY'] },
  );

export type KpiConfigEnv = z.output<typeof kpiConfigSchema>;

/** The shape the KPI code works with (names without the env prefix). */
export interface KpiSettings {
  timeZone: string;
  volumeTarget: number;
  viewingTargetMinutes: number;
  awarenessTargetPercent: number;
  newestDays: number;
  dormantDays: number;
  onboardingDays: number;
  stageBMinLevel: number;
  stageBActivePercent: number;
  stageRules: 'surveys' | 'viewing';
  stageSeveralSurveys: number;
  stageSilentDays: number;
  pyramidPercent: number;
  alertOnboardingMinutes: number;
  alertDropPercent: number;
  alertDropMinMinutes: number;
  weights: { recency: number; viewing: number; pyramid: number; awareness: number; trend: number; nps: number; signin: number };
  webhook?: { url: string; attempts: number; backoffMs: number; secret?: string };
}

export function toKpiSettings(c: KpiConfigEnv, timeZone: string): KpiSettings {
  return {
    timeZone,
    volumeTarget: c.JISOU_KPI_VOLUME_TARGET,
    viewingTargetMinutes: c.JISOU_KPI_VIEWING_TARGET_MINUTES,
    awarenessTargetPercent: c.JISOU_KPI_AWARENESS_TARGET_PERCENT,
    newestDays: c.JISOU_KPI_NEWEST_DAYS,
    dormantDays: c.JISOU_KPI_DORMANT_DAYS,
    onboardingDays: c.JISOU_KPI_ONBOARDING_DAYS,
    stageBMinLevel: c.JISOU_KPI_STAGE_B_MIN_LEVEL,
    stageBActivePercent: c.JISOU_KPI_STAGE_B_ACTIVE_PERCENT,
    stageRules: c.JISOU_KPI_STAGE_RULES,
    stageSeveralSurveys: c.JISOU_KPI_STAGE_SEVERAL_SURVEYS,
    // A month is counted as 30 days, as everywhere in the dashboards.
    stageSilentDays: c.JISOU_KPI_STAGE_SILENT_MONTHS * 30,
    // Replaced by JISOU_PYRAMID_THRESHOLD_PERCENT (shared with the portal's pyramid) in getKpiSettings.
    pyramidPercent: 80,
    alertOnboardingMinutes: c.JISOU_KPI_ALERT_ONBOARDING_MINUTES,
    alertDropPercent: c.JISOU_KPI_ALERT_DROP_PERCENT,
    alertDropMinMinutes: c.JISOU_KPI_ALERT_DROP_MIN_MINUTES,
    weights: {
      recency: c.JISOU_KPI_WEIGHT_RECENCY,
      viewing: c.JISOU_KPI_WEIGHT_VIEWING,
      pyramid: c.JISOU_KPI_WEIGHT_PYRAMID,
      awareness: c.JISOU_KPI_WEIGHT_AWARENESS,
      trend: c.JISOU_KPI_WEIGHT_TREND,
      nps: c.JISOU_KPI_WEIGHT_NPS,
      signin: c.JISOU_KPI_WEIGHT_SIGNIN,
    },
    webhook: c.JISOU_KPI_ALERT_WEBHOOK_URL
      ? { url: c.JISOU_KPI_ALERT_WEBHOOK_URL, attempts: c.JISOU_KPI_WEBHOOK_ATTEMPTS, backoffMs: c.JISOU_KPI_WEBHOOK_BACKOFF_MS, secret: c.JISOU_KPI_ALERT_WEBHOOK_SECRET }
      : undefined,
  };
}
