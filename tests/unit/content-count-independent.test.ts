import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdxToMdast } from 'satteri';
import { describe, expect, it } from 'vitest';
import { countCharacters } from '../../src/lib/content/count-characters.ts';
import { parseMdxFile } from '../../src/lib/content/frontmatter.ts';

const ROOT = join(import.meta.dirname, '../..');

interface Node {
  type: string;
  name?: string | null;
  value?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
}

const COUNTED_ATTRIBUTES: Record<string, string[]> = { Callout: ['title'], Figure: ['caption'] };
const SKIPPED = new Set(['code', 'inlineCode', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'image', 'html', 'definition']);
const countable = (s: string) => s.normalize('NFC').match(/[\p{L}\p{N}]/gu)?.length ?? 0;
const plain = (s: string) => s.replace(/`[^`]*`/g, '').replace(/\*\*|__/g, '');

/** An independent count: the MDX compiler's own tree, text nodes only (and the authored attributes). */
function countByTree(body: string): number {
  let n = 0;
  const walk = (node: Node) => {
    if (SKIPPED.has(node.type)) return;
    if (node.type === 'text') n += countable(node.value ?? '');
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && COUNTED_ATTRIBUTES[node.name]) {
      for (const a of node.attributes ?? []) {
        if (a.type === 'mdxJsxAttribute' && COUNTED_ATTRIBUTES[node.name]!.includes(a.name ?? '') && typeof a.value === 'string') n += countable(plain(a.value));
      }
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(mdxToMdast(body) as unknown as Node);
  return n;
}

function corpus(): string[] {
  const list = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx')).map((f) => join(dir, f));
  return [...list(join(ROOT, 'content')), ...list(join(ROOT, 'tests/fixtures/content/count-corpus'))].sort();
}

describe('character counting agrees with an independent count of the compiled tree', () => {
  const files = corpus();
  const rows = files.map((file) => {
    const { body } = parseMdxFile(readFileSync(file, 'utf8'));
    return { file: file.slice(ROOT.length + 1), ours: countCharacters(body), tree: countByTree(body) };
  });

  it('within 0.5 % in total and 2 % for every file', () => {
    expect(files.length).toBeGreaterThan(40);
    const ours = rows.reduce((s, r) => s + r.ours, 0);
    const tree = rows.reduce((s, r) => s + r.tree, 0);
    console.log(`count corpus: ${rows.length} files, ours ${ours}, tree ${tree}, diff ${(((ours - tree) / tree) * 100).toFixed(3)} %`);
    expect(Math.abs(ours - tree) / tree).toBeLessThanOrEqual(0.005);
    const off = rows.filter((r) => Math.abs(r.ours - r.tree) > Math.max(0.02 * r.tree, 0));
    expect(off).toEqual([]);
  });

  it('counts code in list items as code, escaped backticks as text, and authored titles and captions', () => {
    const byName = (name: string) => rows.find((r) => r.file.endsWith(name))!;
    // Hand-counted: the prose of list-code.mdx without any of its code.
    const listCode = byName('list-code.mdx');
    expect(listCode.ours).toBe(countable('手順設定ファイルを作ります次のコマンドを実行します完了したら画面を再読み込みしますバッククォートはのように書きますこれは本文ですもう一つの本文'));
    expect(byName('authored-attributes.mdx').ours).toBe(
      countable('管理者の権限が必要です この操作には管理者ロールが必要です 図1ダッシュボードの全体像 macOSではFinderから開きます Windowsではエクスプローラーから開きます src index.ts 最後に設定ガイドを読みますは数えません'),
    );
  });
});
