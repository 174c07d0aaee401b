// Content metadata the KPI queries join against: one entry per content key (translations share a key).
import { canView, type Viewer } from '../../access.ts';
import type { Audience, ContentType, Level } from '../../../schemas/common.ts';
import { measureItem } from '../../content/count-characters.ts';
import { validateContent } from '../../content/validate.ts';
import type { EventData } from '../../../schemas/announcement.ts';
import type { RoadmapData } from '../../../schemas/roadmap.ts';
import { toRoadmapPlan, type RoadmapPlan } from '../roadmaps/roadmap-plan.ts';

export interface KpiItem {
  key: string;
  type: ContentType;
  level: Level;
  audience: Audience;
  /** Title in Japanese when a Japanese translation exists, else the first translation. */
  title: string;
  locales: string[];
  publishedAt: Date;
  tags: string[];
  productArea?: string;
  /** Announcements: keys they point at. */
  refs: string[];
  /** Case studies: the customer named in the frontmatter. */
  customer?: string;
  /** Webinars: minutes of video. */
  videoMinutes: number;
  /** Title per locale of the translations that exist (pages in English show English titles). */
  titles?: Record<string, string>;
  /** Roadmaps: stages and actions (both schema versions in one shape), from the Japanese file when there is one. */
  roadmap?: RoadmapPlan;
  /** Roadmaps: the plan as each translation writes it (same action ids, texts in that language). */
  roadmapByLocale?: Record<string, RoadmapPlan>;
  /** Announcements with `kind: event` and an `event:` block. */
  event?: EventData;
}

/** What one measured file contributes to the volume KPI (every translation counts). */
export interface KpiFileMeasure {
  file: string;
  type: ContentType;
  key: string;
  locale: string;
  level: number;
  publishedAt: Date;
  draft: boolean;
  characters: number;
  videoMinutes: number;
  tags: string[];
  productArea?: string;
}

export interface KpiContent {
  items: KpiItem[];
  byKey: Map<string, KpiItem>;
  files: KpiFileMeasure[];
}

/** Build from plain items (tests and the bench use this; `loadKpiContent` reads the files). */
export function createKpiContent(items: KpiItem[], files: KpiFileMeasure[] = []): KpiContent {
  return { items, byKey: new Map(items.map((i) => [i.key, i])), files };
}

/** Read and measure the published content under `root/content` with the same validator the build uses. */
export function loadKpiContent(root: string): KpiContent {
  const { items } = validateContent(root, { includeDrafts: false });
  const byKey = new Map<string, KpiItem>();
  const files: KpiFileMeasure[] = [];
  for (const it of items) {
    if (it.data.draft) continue;
    const d = it.data as unknown as Record<string, unknown> & { key: string; locale: string; level: number; publishedAt: Date; title: string };
    const m = measureItem({ type: it.type, data: d as Parameters<typeof measureItem>[0]['data'], body: it.body });
    files.push({ ...m, file: it.file, type: it.type, tags: (d.tags as string[]) ?? [], productArea: d.productArea as string | undefined });
    const existing = byKey.get(d.key);
    const plan = it.type === 'roadmap' ? toRoadmapPlan(d as unknown as RoadmapData) : undefined;
    if (existing) {
      existing.locales.push(d.locale);
      existing.titles![d.locale] = d.title;
      if (plan) existing.roadmapByLocale![d.locale] = plan;
      if (d.locale === 'ja') {
        existing.title = d.title;
        if (plan) existing.roadmap = plan;
      }
      continue;
    }
    byKey.set(d.key, {
      key: d.key, type: it.type, level: d.level as Level, audience: (d.audience as Audience) ?? 'customers', title: d.title,
      locales: [d.locale], publishedAt: d.publishedAt, tags: (d.tags as string[]) ?? [], productArea: d.productArea as string | undefined,
      refs: Array.isArray(d.refs) ? (d.refs as string[]) : [], customer: d.customer as string | undefined, videoMinutes: m.videoMinutes,
      titles: { [d.locale]: d.title }, roadmap: plan, roadmapByLocale: plan ? { [d.locale]: plan } : undefined,
      event: it.type === 'announcement' ? (d.event as EventData | undefined) : undefined,
    });
  }
  return { items: [...byKey.values()], byKey, files };
}

export interface AudienceAccount {
  id: string;
  segment: string;
  plan: string;
}

/** May people of this account open the item? The same rule as the portal (`canView`). */
export function isMeantFor(item: KpiItem, account: AudienceAccount): boolean {
  const viewer: Viewer = { userId: '', role: 'customer', accountId: account.id, segment: account.segment as Viewer['segment'], plan: account.plan };
  return canView(viewer, item.audience);
}

/** Items that count for awareness and the pyramid: everything except roadmaps (lists of other items). */
export function isCoreItem(item: KpiItem): boolean {
  return item.type !== 'roadmap';
}
