import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectContentStats, formatContentStats } from '../../scripts/lib/content-stats-report.ts';
import { validateContent } from '../../src/lib/content/validate.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/content/stats');

function gitCommit(root: string, name: string, date: string, message: string) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: `${name.toLowerCase()}@example.com`,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: `${name.toLowerCase()}@example.com`,
    GIT_COMMITTER_DATE: date,
  };
  execFileSync('git', ['add', '-A'], { cwd: root, env });
  execFileSync('git', ['commit', '-q', '--no-verify', '-m', message], { cwd: root, env });
}

/** The fixture in a fresh git repository: Aiko commits everything in September, Bob adds a line in October. */
function fixtureRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-stats-'));
  cpSync(FIXTURE, root, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: root });
  gitCommit(root, 'Aiko', '2026-09-21T10:00:00Z', 'content');
  appendFileSync(join(root, 'content/manuals/en/setup.mdx'), '\nBob adds this line.\n');
  gitCommit(root, 'Bob', '2026-10-02T10:00:00Z', 'more');
  return root;
}

describe('content:stats on the fixture (hand-computed figures)', { timeout: 30_000 }, () => {
  // ja manual 48 (headings, steps, link text; code fence, inline code, import and URL excluded),
  // en manual 56 + Bob's 15, ja webinar 18 (HTML comment excluded); the draft article (3) is not counted.
  it('the fixture itself passes content:check', () => {
    expect(validateContent(FIXTURE, { includeDrafts: true }).issues).toEqual([]);
  });

  it('sums volume per type, level, locale and month against the target', () => {
    const s = collectContentStats(fixtureRepo(), { target: 100 });
    const v = s.volume;
    expect(s.items.map((i) => [i.file, i.characters]).sort()).toEqual([
      ['content/manuals/en/setup.mdx', 71],
      ['content/manuals/ja/setup.mdx', 48],
      ['content/webinars/ja/kickoff.mdx', 18],
    ]);
    expect(v.total).toEqual({ items: 3, characters: 137, videoMinutes: 12.5 });
    expect(v.byType.manual).toEqual({ items: 2, characters: 119, videoMinutes: 0 });
    expect(v.byType.webinar).toEqual({ items: 1, characters: 18, videoMinutes: 12.5 });
    expect(v.byLevel[1]!.characters).toBe(119);
    expect(v.byLevel[2]!.characters).toBe(18);
    expect(v.byLocale.map((l) => [l.locale, l.characters, l.progress])).toEqual([
      ['ja', 66, 0.66],
      ['en', 71, 0.71],
    ]);
    expect(v.levelTarget).toBe(20);
    expect(v.byProductArea).toEqual({
      '(none)': { items: 2, characters: 119, videoMinutes: 0 },
      events: { items: 1, characters: 18, videoMinutes: 12.5 },
    });
    expect(v.thinLevels.map((t) => `${t.locale}${t.level}:${t.missing}`)).toEqual([
      'en2:20', 'en3:20', 'en4:20', 'en5:20', 'ja3:20', 'ja4:20', 'ja5:20', 'ja2:2',
    ]);
    expect(v.byMonth.map((m) => [m.month, m.characters, m.cumulativeCharacters])).toEqual([
      ['2026-09', 119, 119],
      ['2026-10', 0, 119],
      ['2026-11', 18, 137],
    ]);
    expect(s.drafts).toBe(1);
  });

  it('attributes characters to git authors and to the month of the last change', () => {
    const s = collectContentStats(fixtureRepo(), { target: 100 });
    expect(s.git!.byAuthor.map((a) => [a.author, a.characters, a.files])).toEqual([
      ['Aiko', 122, 3],
      ['Bob', 15, 1],
    ]);
    expect(s.git!.byMonth).toEqual([
      { month: '2026-09', characters: 122 },
      { month: '2026-10', characters: 15 },
    ]);
    const text = formatContentStats(s);
    expect(text).toContain('Bob');
    expect(text).toContain('1 draft(s) not counted');
  });

  it('counts drafts on request and works without git', () => {
    const s = collectContentStats(FIXTURE, { includeDrafts: true, git: false });
    expect(s.volume.total.characters).toBe(48 + 56 + 18 + 3);
    expect(s.git).toBeUndefined();
    expect(s.volume.target).toBe(30_000);
  });
});
