import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import { daysBetween } from '../kpi/period.ts';

export interface HealthInput {
  lastActiveDay: string | null;
  viewingMs: number;
  previousMs: number;
  /** Median viewing time of the accounts in the same segment, same period. */
  segmentMedianMs: number;
  pyramidPosition: number;
  awarenessPercent: number | null;
  /** Latest sign-in of anyone of the account (reporting day). */
  lastSignInDay?: string | null;
  /** The account's NPS (−100…100) from its survey answers; null when nobody answered an NPS question. */
  nps?: number | null;
}

export interface HealthComponent {
  name: 'recency' | 'viewing' | 'pyramid' | 'awareness' | 'trend' | 'nps' | 'signin';
  /** 0–1. */
  value: number;
  weight: number;
}

export interface HealthScore {
  /** 0–100, rounded. */
  score: number;
  components: HealthComponent[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Health score = round(100 × Σ weightᵢ × componentᵢ / Σ weightᵢ), each component in 0–1:
 * - recency   = 1 − days since last viewing / (2 × dormantDays), floored at 0 (never active → 0);
 * - viewing   = viewing time / segment median, capped at 1 (median 0: 1 if any viewing time, else 0);
 * - pyramid   = pyramid position / 5;
 * - awareness = share of the content meant for the account that it knows;
 * - trend     = 0.5 + (current − previous) / (2 × max(current, previous)) (0.5 = flat, 0 = stopped, 1 = from nothing);
 * - signin    = 1 − days since the latest sign-in / (2 × dormantDays), floored at 0 (never → 0);
 * - nps       = (account NPS + 100) / 200, from each person's latest NPS answer of the last 365 days; without any
 *               answer the component is left out (its weight is not counted), so silence is not scored as 0.
 */
export function computeHealthScore(h: HealthInput, today: string, s: KpiSettings): HealthScore {
  const idle = h.lastActiveDay === null ? null : daysBetween(h.lastActiveDay, today);
  const recency = idle === null ? 0 : clamp01(1 - idle / (2 * s.dormantDays));
  const viewing = h.segmentMedianMs > 0 ? clamp01(h.viewingMs / h.segmentMedianMs) : h.viewingMs > 0 ? 1 : 0;
  const pyramid = clamp01(h.pyramidPosition / 5);
  const awareness = clamp01((h.awarenessPercent ?? 0) / 100);
  const top = Math.max(h.viewingMs, h.previousMs);
  const trend = top === 0 ? 0 : clamp01(0.5 + (h.viewingMs - h.previousMs) / (2 * top));
  const signInIdle = h.lastSignInDay ? daysBetween(h.lastSignInDay, today) : null;
  const signin = signInIdle === null ? 0 : clamp01(1 - signInIdle / (2 * s.dormantDays));
  const w = s.weights;
  const components: HealthComponent[] = [
    { name: 'recency', value: recency, weight: w.recency },
    { name: 'viewing', value: viewing, weight: w.viewing },
    { name: 'pyramid', value: pyramid, weight: w.pyramid },
    { name: 'awareness', value: awareness, weight: w.awareness },
    { name: 'trend', value: trend, weight: w.trend },
    { name: 'signin', value: signin, weight: w.signin },
  ];
  if (h.nps !== null && h.nps !== undefined) components.push({ name: 'nps', value: clamp01((h.nps + 100) / 200), weight: w.nps });
  const total = components.reduce((sum, c) => sum + c.weight, 0);
  const score = total ? Math.round((100 * components.reduce((sum, c) => sum + c.weight * c.value, 0)) / total) : 0;
  return { score, components };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
