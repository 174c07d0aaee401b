// Entry point for routes: settings, content and context built once; every page calls in here.
import { kpiConfigSchema, toKpiSettings, type KpiSettings } from '../../../schemas/kpi-config.ts';
import { parseKpiQuery, type KpiQuery } from '../../../schemas/kpi-query.ts';
import { getConfig } from '../config.ts';
import { getDb } from '../db.ts';
import type { KpiContext } from './kpi-context.ts';
import { loadKpiContent, type KpiContent } from './kpi-content.ts';
import { fingerprintContent } from '../../content/validate.ts';
import { resolvePeriod } from './period.ts';

let settings: KpiSettings | undefined;
let content: { at: number; fingerprint: string; value: KpiContent } | undefined;
const CONTENT_RECHECK_MS = 60_000;

/** KPI settings from the environment, validated once; a bad value names the variable and how to fix it. */
export function getKpiSettings(env: NodeJS.ProcessEnv = process.env): KpiSettings {
  if (settings && env === process.env) return settings;
  const r = kpiConfigSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid KPI configuration:\n${lines.join('\n')}\nFix the variables above (see docs/kpi.md, "Configuration").`);
  }
  const config = getConfig(env);
  const s = { ...toKpiSettings(r.data, config.JISOU_TIMEZONE), pyramidPercent: config.JISOU_PYRAMID_THRESHOLD_PERCENT };
  if (env === process.env) settings = s;
  return s;
}

/**
 * Published content, measured; looked at again at most once a minute (content changes with a deploy or an
 * edit in a dev checkout). While no content file changed the same object is kept: the dashboards' shared
 * results (the account evaluation, awareness) are scoped by its identity, and a new object every minute made
 * every process recompute them all, seconds of work at 100M events.
 */
export function getKpiContent(root = process.cwd(), now = Date.now()): KpiContent {
  if (content && now - content.at <= CONTENT_RECHECK_MS) return content.value;
  const fingerprint = fingerprintContent(root);
  if (content?.fingerprint === fingerprint) content.at = now;
  else content = { at: now, fingerprint, value: loadKpiContent(root) };
  return content.value;
}

export function createKpiContext(query: Pick<KpiQuery, 'period' | 'from' | 'to'>, now = Date.now()): KpiContext {
  const s = getKpiSettings();
  return { db: getDb().$client, content: getKpiContent(), settings: s, periods: resolvePeriod(query, s.timeZone, now) };
}

/** A context for the default dashboard period (the last 30 days up to today), as a page without a query has. */
export function createDefaultKpiContext(): KpiContext {
  const parsed = parseKpiQuery(new URLSearchParams());
  if (!parsed.ok) throw new Error(parsed.message);
  return createKpiContext(parsed.query);
}
