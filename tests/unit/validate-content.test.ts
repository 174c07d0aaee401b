import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, validateContent } from '../../src/lib/content/validate.ts';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-content-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manual = (key: string, extra = '') => `---
key: ${key}
title: はじめに
description: 最初の一歩
series: onboarding
order: 1
publishedAt: 2026-01-10
${extra}---
本文
`;

describe('validateContent', () => {
  it('accepts a valid manual and applies the type defaults', () => {
    const { issues, items } = validateContent(project({ 'content/manuals/a.mdx': manual('getting-started') }));
    expect(issues).toEqual([]);
    expect(items[0]!.data).toMatchObject({ key: 'getting-started', level: 1, locale: 'ja', audience: 'customers', draft: false });
  });

  it('names file, line and field for a bad frontmatter value', () => {
    const { issues } = validateContent(project({ 'content/manuals/a.mdx': manual('getting-started', 'level: 9\n') }));
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0]!)).toMatch(/^content\/manuals\/a\.mdx:8:\d+ level — .+ — .+/);
  });

  it('rejects a duplicate key in the same locale', () => {
    const { issues } = validateContent(
      project({ 'content/manuals/a.mdx': manual('dup-key'), 'content/manuals/b.mdx': manual('dup-key') }),
    );
    expect(issues.map((i) => [i.file, i.field])).toEqual([['content/manuals/b.mdx', 'key']]);
    expect(issues[0]!.message).toContain('content/manuals/a.mdx');
  });

  it('rejects an ItemLink to an unknown key at its body line', () => {
    const text = manual('with-link') + '\n<ItemLink to="nowhere">x</ItemLink>\n';
    const { issues } = validateContent(project({ 'content/manuals/a.mdx': text }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'ItemLink.to', line: 11 });
  });

  it('rejects a missing image', () => {
    const text = manual('with-figure') + '\n<Figure src="shots/none.png" alt="x" caption="y" />\n';
    const { issues } = validateContent(project({ 'content/manuals/a.mdx': text }));
    expect(issues[0]).toMatchObject({ field: 'Figure.src', line: 11 });
  });

  it('a roadmap translation must keep the Japanese file\'s stages and action ids (its words are shown on that plan)', () => {
    const roadmap = (locale: string, ids: string[][], title: string) => `---
key: rm-x
title: ${title}
description: ${title}
locale: ${locale}
publishedAt: 2026-01-10
stages:
${ids.map((stage, i) => `  - vendorTitle: S${i + 1}\n    customerTitle: S${i + 1}\n    dueDay: ${(i + 1) * 7}\n    actions:\n${stage.map((id) => `      - id: ${id}\n        title: ${id}\n        actor: customer\n        done: confirm\n`).join('')}`).join('')}---
本文
`;
    const ja = roadmap('ja', [['step-a', 'step-b'], ['step-c']], 'ロードマップ');
    const ok = validateContent(project({ 'content/roadmaps/ja/rm.mdx': ja, 'content/roadmaps/en/rm.mdx': roadmap('en', [['step-a', 'step-b'], ['step-c']], 'Roadmap') }));
    expect(ok.issues).toEqual([]);
    const renamed = validateContent(project({ 'content/roadmaps/ja/rm.mdx': ja, 'content/roadmaps/en/rm.mdx': roadmap('en', [['step-a', 'step-b'], ['step-c-renamed']], 'Roadmap') }));
    expect(renamed.issues.map((i) => [i.file, i.field, i.line])).toEqual([['content/roadmaps/en/rm.mdx', 'stages.1', 20]]); // the line of stage 2 (its `- vendorTitle`)
    expect(formatIssue(renamed.issues[0]!)).toContain('stage 2 lists the actions [step-c-renamed] but the Japanese file content/roadmaps/ja/rm.mdx has [step-c]');
    const short = validateContent(project({ 'content/roadmaps/ja/rm.mdx': ja, 'content/roadmaps/en/rm.mdx': roadmap('en', [['step-a', 'step-b']], 'Roadmap') }));
    expect(short.issues.map((i) => i.field)).toEqual(['stages.1']);
  });
});
