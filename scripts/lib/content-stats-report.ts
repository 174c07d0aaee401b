// Data and text report behind `npm run content:stats` (kept apart from the CLI so tests can call it).
import { measureItem, type ItemMeasure } from '../../src/lib/content/count-characters.ts';
import { measureGitVolume, type GitVolume } from '../../src/lib/content/git-volume.ts';
import { validateContent } from '../../src/lib/content/validate.ts';
import { aggregateVolume, type VolumeReport } from '../../src/lib/content/volume.ts';

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

/** Human-readable report for the terminal. */
export function formatContentStats(s: ContentStats): string {
  const v = s.volume;
  const out: string[] = [];
  out.push(`Content volume (characters of body text; target ${n(v.target)} per locale, ${n(v.levelTarget)} per level)`);
  out.push('');
  out.push('By locale');
  for (const l of v.byLocale) {
    out.push(`  ${l.locale.padEnd(4)} ${bar(l.progress)} ${n(l.characters).padStart(8)} / ${n(v.target)} (${pct(l.progress)}), ${l.items} items, ${n(l.videoMinutes)} video min`);
  }
  out.push('', 'By type');
  for (const [type, c] of Object.entries(v.byType)) {
    out.push(`  ${type.padEnd(13)} ${n(c.characters).padStart(8)} chars  ${String(c.items).padStart(3)} items  ${n(c.videoMinutes)} video min`);
  }
  out.push('', 'By level (all locales)');
  for (const [level, c] of Object.entries(v.byLevel)) {
    out.push(`  level ${level}  ${n(c.characters).padStart(8)} chars  ${String(c.items).padStart(3)} items`);
  }
  out.push('', 'By product area (all locales)');
  for (const [area, c] of Object.entries(v.byProductArea).sort((a, b) => a[1].characters - b[1].characters)) {
    out.push(`  ${area.padEnd(16)} ${n(c.characters).padStart(8)} chars  ${String(c.items).padStart(3)} items`);
  }
  out.push('', `Thin levels (under ${n(v.levelTarget)} characters) — where to write next`);
  if (v.thinLevels.length === 0) out.push('  none');
  for (const t of v.thinLevels) out.push(`  ${t.locale} level ${t.level}: ${n(t.characters)} chars, ${n(t.missing)} missing`);
  out.push('', 'By author (git blame: characters in lines each author last changed)');
  if (!s.git) out.push('  git history unavailable (not a git work tree)');
  else for (const a of s.git.byAuthor) out.push(`  ${a.author.padEnd(24)} ${n(a.characters).padStart(8)} chars in ${a.files} files`);
  out.push('', 'Trend by month (publication date → characters published, cumulative)');
  for (const m of v.byMonth) out.push(`  ${m.month}  +${n(m.characters).padEnd(8)} ${n(m.cumulativeCharacters).padStart(8)}  ${m.items} items`);
  if (s.git) {
    out.push('', 'Trend by month (git: characters by the month their line was last changed)');
    for (const m of s.git.byMonth) out.push(`  ${m.month.padEnd(15)} ${n(m.characters).padStart(8)}`);
  }
  out.push('');
  const notes = [`${v.total.items} items, ${n(v.total.characters)} characters, ${n(v.total.videoMinutes)} video minutes`];
  if (s.drafts) notes.push(`${s.drafts} draft(s) not counted (--drafts to include)`);
  if (s.invalidFiles) notes.push(`${s.invalidFiles} invalid file(s) skipped (run npm run content:check)`);
  out.push(notes.join('; ') + '.');
  return out.join('\n');
}
