import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planNewItem, UsageError } from '../../scripts/lib/new-item.ts';
import { formatIssue, validateContent } from '../../src/lib/content/validate.ts';
import { CONTENT_TYPES } from '../../src/schemas/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const TODAY = new Date(2026, 10, 22);

function fixtureProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-new-'));
  cpSync(join(ROOT, 'tests/fixtures/content/stats'), root, { recursive: true });
  return root;
}

function create(root: string, ...args: Parameters<typeof planNewItem>[1][]) {
  return args.map((req) => {
    const item = planNewItem(root, req, TODAY);
    mkdirSync(dirname(join(root, item.file)), { recursive: true });
    writeFileSync(join(root, item.file), item.text);
    return item;
  });
}

describe('npm run new', { timeout: 30_000 }, () => {
  it.each(CONTENT_TYPES.flatMap((t) => [[t, 'ja'], [t, 'en']]))('a new %s (%s) passes content:check', (type, locale) => {
    const root = fixtureProject();
    const [item] = create(root, { type, title: locale === 'ja' ? '新しいコンテンツ' : 'Reporting basics', locale });
    expect(item!.file).toBe(`content/${item!.file.split('/')[1]}/${locale}/${item!.key}.mdx`);
    expect(validateContent(root, { includeDrafts: true }).issues.map(formatIssue)).toEqual([]);
    // The production build skips drafts, so the new file cannot break it either.
    expect(validateContent(root).issues).toEqual([]);
    const text = readFileSync(join(root, item!.file), 'utf8');
    expect(text).toContain('draft: true');
    expect(text).toContain('publishedAt: 2026-11-22');
  });

  it('gives each type its skeleton', () => {
    const root = fixtureProject();
    const [manual, webinar, cs, news, roadmap] = create(
      root,
      { type: 'manual', title: 'Export data', series: 'onboarding', locale: 'ja' },
      { type: 'webinar', title: '活用ウェビナー' },
      { type: 'case-study', title: '導入事例' },
      { type: 'announcement', title: '新着', refs: ['setup-basics'] },
      { type: 'roadmap', title: '最初の1か月' },
    );
    const read = (i: typeof manual) => readFileSync(join(root, i!.file), 'utf8');
    expect(read(manual)).toMatch(/series: onboarding\norder: 2\n[\s\S]*<Steps>/);
    expect(read(webinar)).toMatch(/video:\n {2}src: "TODO: webinars\/.+\.mp4"\n {2}chapters:[\s\S]*speakers:/);
    expect(read(cs)).toMatch(/results:\n {2}- label:[\s\S]*## 成果/);
    expect(read(news)).toContain('refs: [setup-basics]\n');
    expect(read(news)).toContain('<ItemLink to="setup-basics">初期設定</ItemLink>');
    expect(read(roadmap)).toMatch(/stages:\n[\s\S]*customerTitle: [\s\S]*dueDay: \d+\n[\s\S]*done: content\n {8}items:\n {10}- setup-basics\n[\s\S]*- kickoff-webinar[\s\S]*done: confirm/);
  });

  it('makes fresh readable keys and refuses a key already used in the locale', () => {
    const root = fixtureProject();
    const a = planNewItem(root, { type: 'article', title: 'Reporting: the basics!' }, TODAY);
    const b = planNewItem(root, { type: 'article', title: 'レポートの基本' }, TODAY);
    expect(a.key).toMatch(/^reporting-the-basics-[a-z2-9]{4}$/);
    expect(b.key).toMatch(/^article-[a-z2-9]{4}$/);
    expect(() => planNewItem(root, { type: 'manual', title: 'x', key: 'setup-basics' }, TODAY)).toThrow(
      'the key "setup-basics" is already used in ja — choose another key, or use --locale to add a translation',
    );
  });

  it('creates a translation that keeps the key and structured fields', () => {
    const root = fixtureProject();
    const [t] = create(root, { type: 'webinar', title: 'Kickoff', key: 'kickoff-webinar', locale: 'en' });
    expect(t!.translationOf).toBe('content/webinars/ja/kickoff.mdx');
    const text = readFileSync(join(root, t!.file), 'utf8');
    expect(text).toContain('durationMinutes: 12.5');
    expect(text).toContain('ウェビナーの録画です');
    expect(validateContent(root, { includeDrafts: true }).issues).toEqual([]);
    expect(validateContent(root, { includeDrafts: true }).missingTranslations.map((m) => m.key)).not.toContain('kickoff-webinar');
  });

  it('publishing a skeleton without filling it in is an error', () => {
    const root = fixtureProject();
    const [item] = create(root, { type: 'article', title: '下書き' });
    const path = join(root, item!.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('draft: true', 'draft: false'));
    expect(validateContent(root).issues.map((i) => [i.field, i.line])).toEqual([['draft', 4]]);
  });

  it.each([
    [['tutorial', 'x'], 'unknown type "tutorial" — use one of: manual, article, webinar, case-study, announcement, roadmap'],
    [['manual'], 'give a type and a title in quotes'],
    [['manual', 'x', '--level', '7'], '--level must be a whole number from 1 to 5, not "7"'],
    [['manual', 'x', '--locale', 'fr'], 'unknown locale "fr" — use --locale ja or --locale en'],
    [['manual', 'x', '--key', 'Bad Key'], '--key "Bad Key" is not a valid key'],
    [['webinar', 'x', '--video', 'webinars/none.mp4'], '--video "webinars/none.mp4" does not exist under content/media/'],
    [['announcement', 'x', '--ref', 'no-such-key'], '--ref "no-such-key" is not the key of any item'],
    [['manual', 'x', '--colour', 'red'], "Unknown option '--colour'"],
  ])('rejects bad arguments: %j', (args, message) => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['scripts/new.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toContain('usage: npm run new');
    expect(r.stdout).toBe('');
  });

  it('the CLI writes the file and content:check passes on it', () => {
    const root = fixtureProject();
    for (const dir of ['scripts', 'src/schemas', 'src/lib/content', 'src/i18n']) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const node = (...args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin/node'), args, { cwd: root, encoding: 'utf8' });
    const made = node('scripts/new.ts', 'webinar', 'Quarterly review', '--locale', 'en', '--level', '3');
    expect(made.status, made.stderr).toBe(0);
    const file = /^created (\S+)/.exec(made.stdout)![1]!;
    expect(file).toMatch(/^content\/webinars\/en\/quarterly-review-[a-z2-9]{4}\.mdx$/);
    expect(made.stdout).toContain('preview: npm run dev, then http://localhost:4321/webinars/quarterly-review-');
    expect(readFileSync(join(root, file), 'utf8')).toContain('level: 3\n');
    const check = node('scripts/content-check.ts');
    expect(check.status, check.stdout).toBe(0);
    expect(check.stdout).toContain('0 error(s)');
    expect(existsSync(join(root, file))).toBe(true);
  });

  it('UsageError is what the CLI reports', () => {
    expect(() => planNewItem(fixtureProject(), { type: 'roadmap', title: 'x', refs: ['nope'] }, TODAY)).toThrow(UsageError);
  });
});
