import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssueLines } from '../../src/lib/content/check-report.ts';
import { formatIssue, validateContent } from '../../src/lib/content/validate.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/content/errors');

// One fixture project per kind of error (tests/fixtures/content/errors/<kind>/content/…) and the exact
// line `npm run content:check` prints for it: file:line:column field — what is wrong — how to fix.
const CASES: [string, string][] = [
  ['announcement-draft-ref', 'content/announcements/ja/n.mdx:6:8 refs.0 — the key "draft-manual" belongs only to a draft (content/manuals/ja/a.mdx) — publish that item first (draft: false), or make this item a draft too'],
  ['bad-key', 'content/manuals/ja/a.mdx:2:6 key — must be 3–64 characters of a-z, 0-9 and "-", starting and ending with a letter or digit (e.g. "getting-started") — fix the format as described in the message'],
  ['bad-value', 'content/manuals/ja/a.mdx:8:8 level — 9 is above the largest allowed value — use at most 5'],
  ['chapter-after-end', 'content/webinars/ja/w.mdx:11:11 video.chapters.1.at — the chapter at 45:00 starts after the end of the video (30 minutes) — correct the chapter time or durationMinutes'],
  ['duplicate-key', 'content/manuals/ja/b.mdx:2:6 key — the key "base-manual" (ja) is already used by content/manuals/ja/a.mdx — give this item a new unique key, or set a different locale if it is a translation'],
  ['duplicate-order', 'content/manuals/ja/b.mdx:6:8 order — order 1 of the series "onboarding" (ja) is already used by content/manuals/ja/a.mdx — give each page of a series its own order number (1 = first step)'],
  ['heading-h1', 'content/manuals/ja/a.mdx:10:1 heading — "# はじめに" is a level-1 heading, but the page title is already the only H1 — start sections at level 2: change "#" to "##"'],
  ['heading-skip', 'content/manuals/ja/a.mdx:12:1 heading — "#### 詳細" skips a level (the previous heading is ##) — use ### here, or add the missing ### section above it'],
  ['itemlink-unknown', 'content/manuals/ja/a.mdx:10:16 ItemLink.to — no published item has the key "nowhere" — link to the key of an existing item, or create that item first'],
  ['link-source-file', 'content/manuals/ja/b.mdx:10:1 link — the link "./a.mdx" points at a source file, which readers cannot open — link to the item\'s URL instead: /manuals/base-manual'],
  ['link-unknown', 'content/manuals/ja/a.mdx:10:1 link — the link "/manuals/no-such-page" points at no published item: no item has the key "no-such-page" — use the URL of an existing item (/<type>/<key>) or <ItemLink to="key">'],
  ['link-wrong-type', 'content/articles/ja/b.mdx:8:4 link — the link "/articles/base-manual" expects an article, but "base-manual" is a manual — change the link to /manuals/base-manual'],
  ['missing-field', 'content/manuals/ja/a.mdx:2:1 series — the required field "series" is missing — add "series:" to the frontmatter (see docs/authoring.md)'],
  ['bad-date', 'content/manuals/ja/a.mdx:7:14 publishedAt — "2026-13-45" is not a valid date — write the date as YYYY-MM-DD, e.g. 2026-11-22'],
  ['wrong-type', 'content/manuals/ja/a.mdx:6:8 order — \"1\" is not a number — write a number (without quotes)'],
  ['missing-figure', 'content/manuals/ja/a.mdx:10:9 Figure.src — the media file "shots/missing.png" does not exist under content/media/ — add the file to content/media/ or correct the path (relative to content/media/, e.g. "webinars/kickoff.mp4")'],
  ['markdown-image', 'content/manuals/ja/a.mdx:10:1 image — the Markdown image "./missing.png" would be published as a public file, readable without the item\'s audience — put the file under content/media/ and use <Figure src="…" alt="…" caption="…" /> instead, which serves it only to allowed readers'],
  ['missing-video', 'content/webinars/ja/w.mdx:7:8 video.src — the media file "webinars/missing.mp4" does not exist under content/media/ — add the file to content/media/ or correct the path (relative to content/media/, e.g. "webinars/kickoff.mp4")'],
  ['roadmap-unknown-ref', 'content/roadmaps/ja/r.mdx:11:9 stages.0.items.1 — no published item has the key "base-manul" — did you mean "base-manual"? Otherwise use the key of an existing item or create that item first'],
  ['unknown-field', 'content/manuals/ja/a.mdx:8:1 tag — "tag" is not a field of a manual — did you mean "tags"? Otherwise remove it (fields are listed in docs/authoring.md)'],
  ['unknown-nested-field', 'content/webinars/ja/w.mdx:8:3 video.poser — "poser" is not a field of a webinar — did you mean "poster"? Otherwise remove it (fields are listed in docs/authoring.md)'],
  ['yaml-syntax', 'content/manuals/ja/a.mdx:5:1 frontmatter — the frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] — check indentation and quote values that contain ":" or "#"'],
  ['mdx-syntax', 'content/manuals/ja/a.mdx:12:1 body — the MDX does not parse: Expected a closing tag for `<Callout>` — MDX is stricter than Markdown: close every tag, write "{", "}" and "<" in text as \\{, \\} and \\<, and comments as {/* … */}'],
  ['unknown-component', 'content/manuals/ja/a.mdx:12:1 component — <Aside> is not a Jisou component — use <Callout type="note|tip|warning" title="…"> instead'],
  ['import-line', `content/manuals/ja/a.mdx:10:1 import — "import { Aside } from '@astrojs/starlight/components';" is an import line; a Jisou page cannot import code — remove the line: ${'Callout, Steps, Figure, Video, Kbd, ItemLink, Tabs, Tab, FileTree'} are available in every page without an import`],
  ['unknown-directive', 'content/manuals/ja/a.mdx:12:1 directive — ":::note" is not Jisou syntax and would be shown as literal text — write <Callout type="note">…</Callout> instead'],
  ['link-not-item', 'content/manuals/ja/a.mdx:10:5 link — the link "/guides/setup/" points at no page of the portal (only items and portal pages have addresses here) — link to an item (/<type>/<key>) or <ItemLink to="key">; for a page that stays on the old site, write its full address (https://…)'],
  ['link-relative', 'content/manuals/ja/a.mdx:10:5 link — the relative link "../setup/" points at no page of the portal — write the item\'s URL (/<type>/<key>, e.g. /manuals/getting-started) or use <ItemLink to="key">'],
  ['todo-published', 'content/manuals/ja/a.mdx:4:15 draft — a "TODO:" placeholder is still in a published item (and 1 more in this file) — replace every "TODO:" with the real text, or keep draft: true until it is written'],
];

describe('content:check error fixtures', () => {
  it.each(CASES)('%s', (kind, expected) => {
    const { issues } = validateContent(join(FIXTURES, kind), { includeDrafts: true });
    expect(issues.map(formatIssue)).toEqual([expected]);
    expect(issues[0]!.severity).toBe('error');
  });

  it('reports every import line of an ESM block, each on its own line', () => {
    const { issues } = validateContent(join(FIXTURES, 'import-block'), { includeDrafts: true });
    expect(issues.map((i) => `${i.line}:${i.column} ${i.field}`)).toEqual(['10:1 import', '11:1 import']);
  });

  it('reports frontmatter and body problems of one file in the same run', () => {
    const { issues, files } = validateContent(join(FIXTURES, 'frontmatter-and-body'), { includeDrafts: true });
    expect(issues.map(formatIssue)).toEqual([
      'content/manuals/ja/a.mdx:8:1 sidebar — "sidebar" is not a field of a manual — remove it or check its spelling against the field reference in docs/authoring.md',
      'content/manuals/ja/a.mdx:11:1 component — <Badge> is not a Jisou component — write its text in the sentence (or in **bold**) instead',
    ]);
    expect(files).toBe(1);
  });

  it('suggests a field name only when it is really close', () => {
    const root = mkdtempSync(join(tmpdir(), 'jisou-suggest-'));
    cpSync(join(FIXTURES, 'frontmatter-and-body'), root, { recursive: true });
    const file = join(root, 'content/manuals/ja/a.mdx');
    const page = (extra: string) =>
      `---\nkey: suggest-page\ntitle: t\ndescription: 説明\nseries: onboarding\norder: 1\npublishedAt: 2026-10-01\n${extra}\n---\n\n本文\n`;
    const hintFor = (extra: string) => {
      writeFileSync(file, page(extra));
      return validateContent(root, { includeDrafts: true }).issues.map((i) => i.hint);
    };
    // Starlight's "type" and "head" are other words, not typos of "title" or "key".
    expect(hintFor('type: guide')).toEqual(['remove it or check its spelling against the field reference in docs/authoring.md']);
    expect(hintFor('head: []')).toEqual(['remove it or check its spelling against the field reference in docs/authoring.md']);
    expect(hintFor('descripton: x')[0]).toMatch(/^did you mean "description"\?/);
    rmSync(root, { recursive: true, force: true });
  });

  it('prints a problem repeated in many files once, with the full list behind --verbose, and counts every file read', () => {
    const root = mkdtempSync(join(tmpdir(), 'jisou-grouped-'));
    for (let n = 1; n <= 6; n++) {
      mkdirSync(join(root, 'content/articles/ja'), { recursive: true });
      writeFileSync(join(root, `content/articles/ja/p${n}.mdx`),
        `---\nkey: page-${n}\ntitle: t\ndescription: 説明\npublishedAt: 2026-10-01\ni18nReady: true\n---\n\n本文\n`);
    }
    writeFileSync(join(root, 'content/articles/ja/ok.mdx'), '---\nkey: page-ok\ntitle: t\ndescription: 説明\npublishedAt: 2026-10-01\n---\n\n本文\n');
    const result = validateContent(root, { includeDrafts: true });
    expect(result.files).toBe(7);
    expect(result.issues).toHaveLength(6);
    const short = formatIssueLines(result.issues);
    expect(short).toEqual([
      'error content/articles/ja/p1.mdx:6:1 i18nReady — "i18nReady" is not a field of an article — remove it or check its spelling against the field reference in docs/authoring.md',
      '      … and 5 more place(s) with the same problem (6 in 6 file(s)); --verbose lists them',
    ]);
    expect(formatIssueLines(result.issues, { verbose: true })).toHaveLength(6);
    rmSync(root, { recursive: true, force: true });
  });

  it('ignores examples inside code blocks', () => {
    const { issues } = validateContent(join(FIXTURES, 'heading-skip'), { includeDrafts: true });
    expect(issues.map((i) => i.line)).toEqual([12]);
  });

  it('lets a draft point at another draft, and the build (drafts excluded) skips drafts entirely', () => {
    const root = mkdtempSync(join(tmpdir(), 'jisou-drafts-'));
    cpSync(join(FIXTURES, 'announcement-draft-ref'), root, { recursive: true });
    const announcement = join(root, 'content/announcements/ja/n.mdx');
    writeFileSync(announcement, '---\nkey: new-manual-out\ntitle: 予告\ndescription: 説明\npublishedAt: 2026-10-01\ndraft: true\nrefs: [draft-manual]\n---\n本文\n');
    expect(validateContent(root, { includeDrafts: true }).issues).toEqual([]);
    writeFileSync(announcement, '---\nkey: new-manual-out\ntitle: 予告\ndescription: 説明\npublishedAt: 2026-10-01\ndraft: true\nrefs: [nowhere]\n---\n本文\n');
    expect(validateContent(root, { includeDrafts: true }).issues.map((i) => i.field)).toEqual(['refs.0']);
    expect(validateContent(root).issues).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it('reports missing translations without failing', () => {
    const root = mkdtempSync(join(tmpdir(), 'jisou-translations-'));
    cpSync(join(FIXTURES, '../stats'), root, { recursive: true });
    const result = validateContent(root);
    expect(result.issues).toEqual([]);
    expect(result.missingTranslations).toEqual([
      { type: 'webinar', key: 'kickoff-webinar', file: 'content/webinars/ja/kickoff.mdx', locales: ['ja'], missing: ['en'] },
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
