// Data and text report behind `npm run content:stats` (kept apart from the CLI so tests can call it).
import { measureItem, type ItemMeasure } from '../../src/lib/content/count-characters.ts';
import { measureGitVolume, type GitVolume } from '../../src/lib/content/git-volume.ts';
import { validateContent } from '../../src/lib/content/validate.ts';
import { aggregateVolume, type VolumeReport } from '../../src/lib/content/volume.ts';
import type { CliTranslate } from '../../src/lib/content/check-report.ts';
import { cliMessages } from './cli-messages.ts';

export interface StatsOptions {
  target?: number;
  levelTarget?: number;
  /** Count drafts too (default: published items only, as readers see them). */
  includeDrafts?: boolean;
  /** Attribute volume to git authors (default true). */
  git?: boolean;
}

export interface ContentStats {
  volume: VolumeReport;
  items: (ItemMeasure & { file: string })[];
  /** Undefined when the project is not a git work tree or git was switched off. */
  git?: GitVolume;
  drafts: number;
  /** Files skipped because they fail their schema (run content:check). */
  invalidFiles: number;
}

export function collectContentStats(root: string, opts: StatsOptions = {}): ContentStats {
  const { items, issues } = validateContent(root, { includeDrafts: true });
  const counted = items.filter((i) => opts.includeDrafts || !i.data.draft);
  const measures = counted.map((i) => ({
    ...measureItem({ type: i.type, data: i.data as Parameters<typeof measureItem>[0]['data'], body: i.body }),
    file: i.file,
  }));
  const badFiles = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.file));
  for (const i of items) badFiles.delete(i.file);
  return {
    volume: aggregateVolume(measures, { target: opts.target, levelTarget: opts.levelTarget }),
    items: measures,
    git: opts.git === false ? undefined : measureGitVolume(root, measures.map((m) => m.file)),
    drafts: items.length - counted.length,
    invalidFiles: badFiles.size,
  };
}

const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
const pct = (x: number) => `${Math.round(x * 100)}%`;
const bar = (x: number, width = 20) => '█'.repeat(Math.min(width, Math.round(x * width))).padEnd(width, '·');

/** Human-readable report for the terminal, in the author's language (English unless a translator is given). */
export function formatContentStats(s: ContentStats, t: CliTranslate = cliMessages('cli', 'en')): string {
  const v = s.volume;
  const out: string[] = [];
  out.push(t('cli.stats.title', { target: n(v.target), levelTarget: n(v.levelTarget) }));
  out.push('');
  out.push(t('cli.stats.byLocale'));
  for (const l of v.byLocale) {
    out.push(t('cli.stats.localeLine', { locale: l.locale.padEnd(3), bar: bar(l.progress), characters: n(l.characters).padStart(8), target: n(v.target), percent: pct(l.progress), items: l.items, video: n(l.videoMinutes) }));
  }
  out.push('', t('cli.stats.byType'));
  for (const [type, c] of Object.entries(v.byType)) {
    out.push(t('cli.stats.typeLine', { type: type.padEnd(12), characters: n(c.characters).padStart(8), items: String(c.items).padStart(3), video: n(c.videoMinutes) }));
  }
  out.push('', t('cli.stats.byLevel'));
  for (const [level, c] of Object.entries(v.byLevel)) {
    out.push(t('cli.stats.levelLine', { level, characters: n(c.characters).padStart(8), items: String(c.items).padStart(3) }));
  }
  out.push('', t('cli.stats.byArea'));
  for (const [area, c] of Object.entries(v.byProductArea).sort((a, b) => a[1].characters - b[1].characters)) {
    out.push(t('cli.stats.areaLine', { area: area.padEnd(15), characters: n(c.characters).padStart(8), items: String(c.items).padStart(3) }));
  }
  out.push('', t('cli.stats.thin', { levelTarget: n(v.levelTarget) }));
  if (v.thinLevels.length === 0) out.push(t('cli.stats.none'));
  for (const x of v.thinLevels) out.push(t('cli.stats.thinLine', { locale: x.locale, level: x.level, characters: n(x.characters), missing: n(x.missing) }));
  out.push('', t('cli.stats.byAuthor'));
  if (!s.git) out.push(t('cli.stats.noGit'));
  else for (const a of s.git.byAuthor) out.push(t('cli.stats.authorLine', { author: a.author.padEnd(23), characters: n(a.characters).padStart(8), files: a.files }));
  out.push('', t('cli.stats.trend'));
  for (const m of v.byMonth) out.push(t('cli.stats.trendLine', { month: m.month, characters: n(m.characters).padEnd(8), cumulative: n(m.cumulativeCharacters).padStart(8), items: m.items }));
  if (s.git) {
    out.push('', t('cli.stats.gitTrend'));
    for (const m of s.git.byMonth) out.push(`  ${m.month.padEnd(15)} ${n(m.characters).padStart(8)}`);
  }
  out.push('');
  const notes = [t('cli.stats.total', { items: v.total.items, characters: n(v.total.characters), video: n(v.total.videoMinutes) })];
  if (s.drafts) notes.push(t('cli.stats.drafts', { drafts: s.drafts }));
  if (s.invalidFiles) notes.push(t('cli.stats.invalid', { invalid: s.invalidFiles }));
  out.push(notes.join(t('cli.stats.join')) + t('cli.stats.end'));
  return out.join('\n');
}
