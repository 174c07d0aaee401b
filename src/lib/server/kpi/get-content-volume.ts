import { aggregateVolume, type VolumeReport } from '../../content/volume.ts';
import type { KpiContext } from './kpi-context.ts';

export interface TopicVolume {
  topic: string;
  items: number;
  characters: number;
}

export interface ContentVolume extends VolumeReport {
  /** Tags and product areas with the fewest characters: "where to write next" besides thin levels. */
  thinTopics: TopicVolume[];
  /** Characters published per locale up to the end of the current period vs up to the end of the previous one. */
  charactersAtEnd: number;
  charactersAtPreviousEnd: number;
}

/**
 * Content creation volume from the same counting module as `npm run content:stats` (count-characters.ts
 * and volume.ts): characters of body text (CJK-aware) and video minutes, per type, level and locale.
 */
export function getContentVolume(ctx: KpiContext): ContentVolume {
  const files = ctx.content.files.filter((f) => !f.draft);
  const report = aggregateVolume(files, { target: ctx.settings.volumeTarget });
  const topics = new Map<string, TopicVolume>();
  for (const f of files) {
    for (const topic of new Set([...f.tags, ...(f.productArea ? [f.productArea] : [])])) {
      const t = topics.get(topic) ?? { topic, items: 0, characters: 0 };
      t.items += 1;
      t.characters += f.characters;
      topics.set(topic, t);
    }
  }
  const thinTopics = [...topics.values()].sort((a, b) => a.characters - b.characters || a.topic.localeCompare(b.topic)).slice(0, 10);
  const until = (day: string) => files.filter((f) => f.publishedAt.toISOString().slice(0, 10) <= day).reduce((s, f) => s + f.characters, 0);
  return { ...report, thinTopics, charactersAtEnd: until(ctx.periods.current.to), charactersAtPreviousEnd: until(ctx.periods.previous.to) };
}
