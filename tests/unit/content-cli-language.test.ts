import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateContent } from '../../src/lib/content/validate.ts';
import { formatIssueLines } from '../../src/lib/content/check-report.ts';
import { cliMessages } from '../../scripts/lib/cli-messages.ts';

// Authors' CLIs speak the author's language (issue 13, item 13): content:check prints in Japanese or
// English after JISOU_LANG / LANG, with our own messages instead of zod's, and the missing-translations
// report is one line unless --translations is given.
const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/content/errors');
const lines = (kind: string, locale: 'ja' | 'en') =>
  formatIssueLines(validateContent(join(FIXTURES, kind), { includeDrafts: true }).issues, { t: cliMessages('cli', locale) });
const run = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/content-check.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: '', LC_ALL: '', ...env } });

describe('content:check in the author\'s language', { timeout: 30_000 }, () => {
  it.each([
    ['bad-value', 'エラー content/manuals/ja/a.mdx:8:8 level — 9 は大きすぎます — 5 以下にしてください'],
    ['wrong-type', 'エラー content/manuals/ja/a.mdx:6:8 order — "1" は数値ではありません — 数値を引用符なしで書いてください'],
    ['missing-field', 'エラー content/manuals/ja/a.mdx:2:1 series — 必須の項目「series」がありません — フロントマターに「series:」を追加してください(docs/authoring.md を参照)'],
    ['unknown-field', 'エラー content/manuals/ja/a.mdx:8:1 tag — 「tag」はこの manual の項目ではありません — 「tags」のことですか? 違う場合は削除してください(項目は docs/authoring.md にあります)'],
    ['bad-date', 'エラー content/manuals/ja/a.mdx:7:14 publishedAt — "2026-13-45" は日付として正しくありません — 日付は YYYY-MM-DD の形で書いてください(例: 2026-11-22)'],
  ])('%s in Japanese', (kind, expected) => {
    expect(lines(kind, 'ja')).toEqual([expected]);
  });

  it('the same issues in English carry our wording, not zod\'s', () => {
    expect(lines('bad-value', 'en')).toEqual(['error content/manuals/ja/a.mdx:8:8 level — 9 is above the largest allowed value — use at most 5']);
    expect(lines('wrong-type', 'en').join('\n')).not.toMatch(/Invalid input|Too big|expected number/);
  });

  it('body, link, media and heading problems in Japanese too, and exactly as before in English', () => {
    const ja = lines('frontmatter-and-body', 'ja').join('\n');
    expect(ja).toContain('<Badge> は Jisou のコンポーネントではありません');
    expect(ja).not.toMatch(/is not a Jisou component|does not parse|points at/);
    const en = lines('frontmatter-and-body', 'en').join('\n');
    expect(en).toContain('is not a Jisou component');
    expect(en).not.toMatch(/[ぁ-んァ-ン]{3}/);
  });

  it.each(['chapter-after-end', 'duplicate-key', 'duplicate-order', 'heading-h1', 'heading-skip', 'import-line', 'import-block', 'link-not-item', 'link-relative', 'link-source-file', 'link-unknown', 'link-wrong-type', 'markdown-image', 'mdx-syntax', 'missing-figure', 'missing-video', 'unknown-component', 'unknown-directive', 'itemlink-unknown', 'announcement-draft-ref'])(
    '%s: message and fix in Japanese',
    (kind) => {
      const out = lines(kind, 'ja');
      expect(out.length).toBeGreaterThan(0);
      // "エラー file:line:col field — message — fix": both parts written in Japanese, not English sentences.
      for (const line of out) for (const part of line.split(' — ').slice(1)) expect(part, line).not.toMatch(/\b(the|is|does|use|write|add|link to)\b/);
    },
  );

  it('a frontmatter error does not hide the body errors of the same file', () => {
    const out = lines('frontmatter-and-body', 'ja');
    expect(out.some((l) => l.includes(' sidebar — '))).toBe(true);
    expect(out.some((l) => l.includes(' component — '))).toBe(true);
  });

  it('JISOU_LANG=ja: the summary in Japanese and missing translations as one line; --translations lists them', () => {
    const ja = run({ JISOU_LANG: 'ja' });
    expect(ja.stdout).toMatch(/\d+ 件のファイルを \d+ ms で確認しました: エラー \d+ 件、注意 \d+ 件。/);
    const summary = ja.stdout.split('\n').filter((l) => l.startsWith('翻訳がないもの'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/キーが \d+ 件.*--translations で一覧を表示します。$/);
    expect(ja.stdout).not.toMatch(/^ {2}content\/.*: あり /m);

    const listed = run({ JISOU_LANG: 'ja' }, '--translations');
    expect(listed.stdout).toMatch(/^ {2}content\/\S+ \S+: あり ja、なし en$/m);
  });

  it('LANG=en_US.UTF-8 (no JISOU_LANG): English', () => {
    const en = run({ LANG: 'en_US.UTF-8' });
    expect(en.stdout).toMatch(/\d+ files checked in \d+ ms: \d+ error\(s\), \d+ warning\(s\)\./);
    expect(en.stdout).toMatch(/Missing translations \(a report, not an error\): \d+ key\(s\) published in only some languages/);
    const ja = run({ LANG: 'ja_JP.UTF-8' });
    expect(ja.stdout).toContain('件のファイルを');
  });

  it('content:stats in Japanese: headings, units and the bad-argument message', () => {
    const stats = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/content-stats.ts', '--no-git', '--target', '1000'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'ja' } });
    expect(stats.status).toBe(0);
    expect(stats.stdout).toContain('コンテンツ作成量(本文の文字数。目標は言語ごとに 1,000 字');
    expect(stats.stdout).toMatch(/^言語別$/m);
    expect(stats.stdout).toContain('git の履歴がありません');
    expect(stats.stdout).not.toMatch(/\bchars\b|video min/);
    const bad = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/content-stats.ts', '--target', 'lots'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'ja' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--target "lots" は正の整数(文字数)ではありません — 例: --target 30000');
  });

  it('npm run new refuses in Japanese with how to fix it', () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/new.ts', 'tutorial', 'x'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'ja' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('エラー: 不明な種類「tutorial」です — 次のどれかを使ってください: manual, article');
    expect(r.stderr).toContain('使い方: npm run new -- <種類>');
    const level = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/new.ts', 'manual', 'x', '--level', 'high'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JISOU_LANG: 'ja' } });
    expect(level.stderr).toContain('--level には整数を指定してください(「high」は使えません)');
  });
});
