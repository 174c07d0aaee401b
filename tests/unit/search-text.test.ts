import { describe, expect, it } from 'vitest';
import { normalizeQuery, toBigramQuery, toBigramText } from '../../src/lib/client/search-terms.ts';
import { excerptSegments } from '../../src/lib/client/search-excerpt.ts';
import { mdxToText } from '../../src/lib/server/search/mdx-text.ts';

const show = (segments: { text: string; mark: boolean }[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');

describe('search text handling', () => {
  it('normalises queries for gap counting: width, case, spaces, length', () => {
    expect(normalizeQuery('  ＳＬＡ　設定  ')).toBe('sla 設定');
    expect(normalizeQuery('ｶﾀｶﾅ')).toBe('カタカナ');
    expect(normalizeQuery('あ'.repeat(300))).toHaveLength(100);
  });

  it('cuts Japanese into overlapping pieces for the index and into covering pieces for the query', () => {
    expect(toBigramText('権限設定を変更。Slack連携')).toBe('権限 限設 設定 定を を変 変更 。 Slack 連携');
    expect(toBigramQuery('権限設定')).toBe('権限 設定');
    expect(toBigramQuery('管理者')).toBe('管理 理者');
    expect(toBigramQuery('ダッシュボード')).toBe('ダッ ボー ード');
    expect(toBigramQuery('Slack 連携')).toBe('slack 連携');
  });

  it('stitches bigram excerpts back into readable, highlighted text', () => {
    const excerpt = 'ロール と <mark>権限</mark> 限の の設 設計. 組織 が';
    expect(show(excerptSegments(excerpt, 'bigram'))).toBe('ロールと[権限]の設計.組織が');
    expect(show(excerptSegments('set up <mark>DKIM</mark> &amp; SPF', 'bigram'))).toBe('set up [DKIM] & SPF');
    expect(show(excerptSegments('a &lt;b&gt; <mark>設定</mark>', 'native'))).toBe('a <b> [設定]');
  });

  it('indexes prose, not code, markup or URLs', () => {
    const text = mdxToText('# 見出し\n\n**太字**の[リンク](https://example.com)。\n\n```ts\nconst x = 1;\n```\n\n<Figure src="a.png" />\n| a | b |\n|---|---|\n');
    expect(text).toBe('見出し 太字のリンク。 a b');
  });

  it('keeps inline code as written (URLs, tags, placeholders), so excerpts show the command or field the page shows', () => {
    const text = mdxToText('- `#support-priority`: 優先度。`https://app.example.com/x` と `<Callout type="tip">` と `{name}` を使う。\n\n```sh\nnpm run secret\n```\n');
    expect(text).toBe('#support-priority: 優先度。 https://app.example.com/x と <Callout type="tip"> と {name} を使う。');
  });
});
