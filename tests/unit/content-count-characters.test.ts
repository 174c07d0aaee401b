import { describe, expect, it } from 'vitest';
import { countCharacters, countCharactersByLine, measureItem } from '../../src/lib/content/count-characters.ts';

describe('countCharacters', () => {
  it.each([
    ['Latin letters count one each, spaces do not', 'Hello 世界', 7],
    ['Japanese punctuation does not count', 'こんにちは、世界。', 7],
    ['the prolonged sound mark and 々 count', 'データを時々見る', 8],
    ['full-width letters and digits count', 'ＡＢＣ１２３', 6],
    ['emoji and symbols do not count', '完了🎉 ★ → ＋', 2],
    ['Markdown emphasis and headings are markup', '## **重要**な _点_', 4],
    ['list markers do not count, digits in text do', '1. 手順\n2. API 2つ\n- 三', 8],
    ['a link counts its text only', '[設定画面](/manuals/setup-basics)を開く', 7],
    ['bare URLs and autolinks count zero', '参照 https://example.com/a?b=1 と <https://example.com>', 3],
    ['a bare URL ends where Japanese text starts', 'https://example.com/aを参照', 3],
    ['images count zero, alt text included', '![スクリーンショット](shots/a.png)画面', 2],
    ['inline code is excluded', '`npm run dev` で起動', 3],
    ['HTML and MDX comments are excluded', '前<!-- メモ -->後 {/* 注記 */}', 2],
    ['JSX tags and attributes are excluded, children count', '<Kbd class="x" data-k="ヒント">注意してください</Kbd>', 8],
    ['a Callout title and a Figure caption are the author\'s text and count', '<Callout type="tip" title="**ヒント**">注意してください</Callout><Figure src="a.png" alt="代替" caption="図1" />', 13],
    ['expressions are excluded', '合計 {props.total} 件', 3],
    ['HTML entities count zero', 'A&nbsp;B &amp; C', 3],
  ])('%s', (_name, text, expected) => {
    expect(countCharacters(text)).toBe(expected);
  });

  it('excludes fenced code blocks (``` and ~~~), frontmatter and import/export lines', () => {
    const source = [
      '---',
      'title: タイトル',
      '---',
      "import { Steps } from '../x';",
      'export const meta = { a: 1 };',
      '',
      '本文',
      '```ts',
      'const 変数 = 1;',
      '```',
      '~~~',
      'コード',
      '~~~',
      '終わり',
    ].join('\n');
    expect(countCharacters(source)).toBe(5);
  });

  it('keeps line alignment so each source line gets its own figure', () => {
    expect(countCharactersByLine('---\nkey: a\n---\n見出し\n```\nx\n```\nabc def')).toEqual([0, 0, 0, 3, 0, 0, 0, 6]);
  });

  it('measures an item with its video minutes', () => {
    const m = measureItem({
      type: 'webinar',
      data: { key: 'w', locale: 'ja', level: 2, publishedAt: new Date('2026-11-10'), durationMinutes: 12.5 },
      body: '録画です。',
    });
    expect(m).toMatchObject({ key: 'w', characters: 4, videoMinutes: 12.5, draft: false });
  });
});
