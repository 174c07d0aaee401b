import type { Viewer } from '../../access.ts';
import { getDb } from '../db.ts';
import { dayInZone } from '../kpi/period.ts';
import { getKpiContent, getKpiSettings } from '../kpi/kpi-service.ts';
import { itemHref } from '../../content/routes.ts';
import { getAccountRoadmaps, type AccountRoadmap } from './get-account-roadmaps.ts';

/** Today in the reporting time zone (due days are whole days there). */
export function roadmapToday(now = Date.now()): string {
  return dayInZone(now, getKpiSettings().timeZone);
}

/** The roadmap of the signed-in customer's own account (the account comes from the session only). */
export function getViewerRoadmap(viewer: Viewer | null): AccountRoadmap | null {
  if (!viewer?.accountId) return null;
  return getAccountRoadmaps(getDb().$client, getKpiContent(), { today: roadmapToday(), accountId: viewer.accountId })[0] ?? null;
}

/** One account's roadmap for staff pages. */
export function getAccountRoadmap(accountId: string): AccountRoadmap | null {
  return getAccountRoadmaps(getDb().$client, getKpiContent(), { today: roadmapToday(), accountId })[0] ?? null;
}

/** Title (in `locale` when translated) and link of the content keys an action uses (unknown keys are left out). */
export function describeItems(keys: string[], locale = 'ja'): { key: string; title: string; href: string }[] {
  const content = getKpiContent();
  return keys.flatMap((k) => {
    const i = content.byKey.get(k);
    return i ? [{ key: k, title: i.titles?.[locale] ?? i.title, href: itemHref(i.type, k) }] : [];
  });
}
