import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertBody } from '../../scripts/lib/import-body.ts';
import { keyFromPath, runImport, type ImportKind } from '../../scripts/lib/import-run.ts';
import { formatIssue, validateContent } from '../../src/lib/content/validate.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');
const temps: string[] = [];
const temp = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `jisou-${name}-`));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const importInto = (root: string, kind: ImportKind, source = join(FIXTURES, kind), extra: Partial<Parameters<typeof runImport>[0]> = {}) => {
  const lines: string[] = [];
  const results = runImport({ kind, source, root, type: 'article', locale: 'ja', dryRun: false, log: (l) => lines.push(l), ...extra });
  return { results, lines };
};

function filesUnder(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    try {
      out[relative(dir, path)] = readFileSync(path, 'latin1');
    } catch {
      /* a folder */
    }
  }
  return out;
}

describe('npm run import', () => {
  it('imports the Starlight and Docusaurus fixtures into files that pass content:check', () => {
    const root = temp('import');
    const a = importInto(root, 'starlight');
    const b = importInto(root, 'docusaurus');
    expect(a.results.map((r) => r.target)).toEqual([
      'content/articles/ja/guides/setup.mdx',
      'content/articles/ja/index.mdx',
      'content/articles/ja/reference/api.mdx',
    ]);
    expect(b.results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(validateContent(root, { includeDrafts: true }).issues.map(formatIssue)).toEqual([]);
    // Progress: one line per file, with what was mapped, unwrapped and dropped.
    expect(a.lines[1]).toBe('[2/3] src/content/docs/index.mdx → content/articles/ja/index.mdx (created): 1 mapped; unwrapped <CardGrid> <Card>; removed 1; dropped fields template, hero, i18nReady');

    const setup = readFileSync(join(root, 'content/articles/ja/guides/setup.mdx'), 'utf8');
    expect(setup).toMatch(/^---\nkey: guides-setup\ntitle: 初期設定\ndescription: アカウントを作って最初の設定をします。\npublishedAt: \d{4}-\d{2}-\d{2}\n---\n/);
    expect(setup).not.toMatch(/^import /m);
    expect(setup).toContain('<Callout type="warning" title="管理者の **権限** が必要">');
    expect(setup).toContain('<Callout type="tip" title="便利な使い方">');
    expect(setup).toContain('<Tab label="npm">');
    expect(setup).toContain('```bash title="terminal" {2}');
    expect(setup).toContain('**新機能**');
    expect(setup).toContain('(v2.1+)');
    expect(setup).toContain('<Figure src="imported/starlight/src/assets/dashboard.png" alt="ダッシュボードの画面" />');
    expect(setup).toContain('[API リファレンス](/articles/reference-api#auth)');
    expect(existsSync(join(root, 'content/media/imported/starlight/src/assets/dashboard.png'))).toBe(true);

    const home = readFileSync(join(root, 'content/articles/ja/index.mdx'), 'utf8');
    expect(home).toContain('[初期設定](/articles/guides-setup)');
    expect(home).toContain('[API リファレンス](/articles/reference-api)');
    // Not imported: the link goes to the old site, read from astro.config.mjs.
    expect(home).toContain('[変更履歴](https://docs.example.com/changelog/)');
    expect(home).toContain('CARD-CHILD-MARKER');

    const api = readFileSync(join(root, 'content/articles/ja/reference/api.mdx'), 'utf8');
    expect(api).toContain('値は \\{id\\} のように書きます');
    expect(api).toContain('{/* 内部メモ: 後で更新 */}');
    expect(api).toContain('<br />');
    expect(api).not.toContain('# API リファレンス\n');

    const intro = readFileSync(join(root, 'content/articles/ja/intro.mdx'), 'utf8');
    expect(intro).toContain('<Callout type="note">');
    expect(intro).toContain('<Callout type="warning" title="重要な警告">');
    expect(intro).toContain('[チュートリアル](/articles/tutorial-first-steps)');
    expect(intro).toContain('[古いページ](https://example.github.io/site/docs/legacy-page)');
    const tutorial = readFileSync(join(root, 'content/articles/ja/tutorial/first-steps.mdx'), 'utf8');
    expect(tutorial).toContain('tags:\n  - tutorial\n  - 入門');
    expect(tutorial).toContain('[はじめに](/articles/intro)');
    expect(tutorial).toContain('<Tab label="macOS">');
    expect(tutorial).not.toContain('<Highlight');
  });

  it('imports as manuals: one series per top folder, ordered by the sidebar order then the path', () => {
    const root = temp('import-manual');
    importInto(root, 'docusaurus', undefined, { type: 'manual' });
    expect(validateContent(root, { includeDrafts: true }).issues.map(formatIssue)).toEqual([]);
    const fields = (file: string) => /series: (\S+)\norder: (\d+)/.exec(readFileSync(join(root, 'content/manuals/ja', file), 'utf8'))?.slice(1);
    expect(fields('intro.mdx')).toEqual(['docs', '1']);
    expect(fields('tutorial/first-steps.mdx')).toEqual(['tutorial', '1']);
    expect(readFileSync(join(root, 'content/manuals/ja/intro.mdx'), 'utf8')).toContain('[チュートリアル](/manuals/tutorial-first-steps)');
  });

  it('is idempotent: a re-run writes the same bytes and reports every file unchanged', () => {
    const root = temp('import-again');
    importInto(root, 'starlight');
    const before = filesUnder(join(root, 'content'));
    const again = importInto(root, 'starlight');
    expect(again.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(filesUnder(join(root, 'content'))).toEqual(before);
  });

  it('writes nothing in a dry run, and never overwrites a file it did not write', () => {
    const root = temp('import-dry');
    const dry = importInto(root, 'docusaurus', undefined, { dryRun: true });
    expect(dry.lines[0]).toContain('(would be created)');
    expect(existsSync(join(root, 'content'))).toBe(false);
    mkdirSync(join(root, 'content/articles/ja'), { recursive: true });
    writeFileSync(join(root, 'content/articles/ja/intro.mdx'), 'hand-written\n');
    const run = importInto(root, 'docusaurus');
    expect(run.results.map((r) => r.status)).toEqual(['skipped', 'created']);
    expect(readFileSync(join(root, 'content/articles/ja/intro.mdx'), 'utf8')).toBe('hand-written\n');
  });

  it('takes the dates from git history when the source is a git checkout', () => {
    const source = temp('import-git');
    cpSync(join(FIXTURES, 'docusaurus'), source, { recursive: true });
    const git = (args: string[], date: string) =>
      spawnSync('git', args, {
        cwd: source,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      });
    git(['init', '-q'], '2025-01-02T10:00:00Z');
    git(['add', '.'], '2025-01-02T10:00:00Z');
    git(['commit', '-qm', 'first'], '2025-01-02T10:00:00Z');
    writeFileSync(join(source, 'docs/intro.md'), `${readFileSync(join(source, 'docs/intro.md'), 'utf8')}\n追記。\n`);
    git(['commit', '-qam', 'second'], '2025-03-04T10:00:00Z');
    const root = temp('import-git-root');
    importInto(root, 'docusaurus', source);
    const intro = readFileSync(join(root, 'content/articles/ja/intro.mdx'), 'utf8');
    expect(intro).toContain('publishedAt: 2025-01-02\nupdatedAt: 2025-03-04\n');
  });

  it('imports a plain Markdown folder: first heading as title, level and audience from the options', () => {
    const source = temp('import-md');
    writeFileSync(join(source, 'faq.md'), '# よくある質問\n\n料金は {plan} によります。MD-MARKER\n\n### 詳細\n\n本文。\n');
    const root = temp('import-md-root');
    importInto(root, 'markdown', source, { level: 3, audience: 'public' });
    const faq = readFileSync(join(root, 'content/articles/ja/faq.mdx'), 'utf8');
    expect(faq).toMatch(/^---\nkey: faq\ntitle: よくある質問\ndescription: 料金は \{plan\} によります。MD-MARKER\nlevel: 3\naudience: public\npublishedAt: /);
    // The skipped level (### right after the title) is closed up.
    expect(faq).toContain('\n## 詳細\n');
    expect(validateContent(root, { includeDrafts: true }).issues.map(formatIssue)).toEqual([]);
  });

  it('refuses bad arguments with the reason and the usage, writing nothing', { timeout: 60_000 }, () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '../../scripts/import.ts'), ...args], { encoding: 'utf8' });
    const bad = run('hugo', FIXTURES);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('the kind "hugo" is not one of: starlight, docusaurus, markdown');
    expect(bad.stderr).toContain('usage: npm run import --');
    expect(run('starlight', join(FIXTURES, 'nowhere')).stderr).toContain('does not exist');
    expect(run('starlight', join(FIXTURES, 'starlight'), '--level', '9').stderr).toContain('--level 9 is not a level; use 1 to 5');
    expect(run('starlight', join(FIXTURES, 'starlight'), '--type', 'webinar').stderr).toContain('--type webinar is not supported for imports');
  });

  it('maps paths to stable keys', () => {
    expect(keyFromPath('guides/Setup Guide.mdx')).toBe('guides-setup-guide');
    expect(keyFromPath('guides/index.mdx')).toBe('guides');
    expect(keyFromPath('a.md')).toBe('page-a');
    expect(keyFromPath('始め方.md')).toMatch(/^page-[0-9a-f]{10}$/);
    expect(keyFromPath('始め方.md')).toBe(keyFromPath('始め方.md'));
  });

  it('unwraps unknown components with their children and lists them; keeps code untouched', () => {
    const ctx = { rewriteLink: () => undefined, copyImage: () => undefined, markdown: false };
    const { body, report } = convertBody('<Foo bar="1">\n子の文章\n</Foo>\n\n```mdx\n<Aside>コード内</Aside>\n:::note\n```\n\n[外](/nowhere/)\n', ctx);
    expect(body).toBe('\n子の文章\n\n\n```mdx\n<Aside>コード内</Aside>\n:::note\n```\n\n[外](/nowhere/)\n'.replace(/\n{3,}/g, '\n\n').trim() + '\n');
    expect(report.unwrapped).toEqual(['<Foo>']);
    expect(report.unresolvedLinks).toEqual(['/nowhere/']);
  });

  it('turns HTML comments into MDX comments in .mdx sources too', () => {
    const ctx = { rewriteLink: () => undefined, copyImage: () => undefined, markdown: false };
    expect(convertBody('前 <!-- メモ --> 後\n\n```html\n<!-- コード -->\n```\n', ctx).body).toBe('前 {/* メモ */} 後\n\n```html\n<!-- コード -->\n```\n');
  });

  it('turns LinkCard and LinkButton into links, rewritten like any other link', () => {
    const ctx = { rewriteLink: (url: string) => (url === '/guides/a/' ? '/articles/guides-a' : undefined), copyImage: () => undefined, markdown: false };
    const { body } = convertBody('<LinkCard title="ガイド" href="/guides/a/" />\n\n<LinkButton href="/guides/a/">始める</LinkButton>\n', ctx);
    expect(body).toBe('[ガイド](/articles/guides-a)\n\n[始める](/articles/guides-a)\n');
  });
});
