import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const GOOD = '---\nkey: first-step\ntitle: 最初の一歩\ndescription: 説明\nseries: onboarding\norder: 1\npublishedAt: 2026-10-01\n---\n\n本文です。\n';

const run = (cwd: string, cmd: string, args: string[]) => spawnSync(cmd, args, { cwd, encoding: 'utf8' });
const git = (cwd: string, ...args: string[]) =>
  run(cwd, 'git', ['-c', 'user.name=Writer', '-c', 'user.email=writer@example.com', ...args]);

/** A throwaway clone-like project: the check's code, node_modules linked, one valid manual committed. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-hook-'));
  for (const dir of ['scripts', 'src/schemas', 'src/lib/content', 'src/i18n']) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, '.gitignore'), 'node_modules\n');
  mkdirSync(join(root, 'content/manuals/ja'), { recursive: true });
  writeFileSync(join(root, 'content/manuals/ja/a.mdx'), GOOD);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'start');
  return root;
}

describe('npm run hooks:install', { timeout: 60_000 }, () => {
  let root: string;
  beforeAll(() => {
    root = project();
    const r = run(root, NODE, ['scripts/hooks-install.ts']);
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);

  it('writes an executable pre-commit hook', () => {
    const hook = join(root, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).toBe(0o111);
    expect(readFileSync(hook, 'utf8')).toContain('scripts/content-check.ts --staged');
  });

  it('blocks a commit whose staged content is broken, even if the working copy was fixed since', () => {
    const file = join(root, 'content/manuals/ja/b.mdx');
    writeFileSync(file, GOOD.replace('first-step', 'second-step').replace('order: 1', 'order: 2') + '\n<ItemLink to="nowhere">x</ItemLink>\n');
    git(root, 'add', 'content');
    writeFileSync(file, GOOD.replace('first-step', 'second-step').replace('order: 1', 'order: 2'));
    const r = git(root, 'commit', '-m', 'broken');
    expect(r.status).not.toBe(0);
    // git hands hook output to stderr
    expect(r.stderr).toContain('content/manuals/ja/b.mdx:12:11 ItemLink.to — no published item has the key "nowhere"');
    git(root, 'add', 'content');
    expect(git(root, 'commit', '-q', '-m', 'fixed').status).toBe(0);
  });

  it('does not run the check when no content file is staged', () => {
    writeFileSync(join(root, 'content/manuals/ja/c.mdx'), 'not even frontmatter');
    writeFileSync(join(root, 'notes.txt'), 'hello');
    git(root, 'add', 'notes.txt');
    const r = git(root, 'commit', '-m', 'notes');
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('checked');
  });

  it('refuses to overwrite a hook it did not write, unless forced', () => {
    const other = project();
    writeFileSync(join(other, '.git/hooks/pre-commit'), '#!/bin/sh\necho mine\n');
    const r = run(other, NODE, ['scripts/hooks-install.ts']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists and is not ours');
    expect(run(other, NODE, ['scripts/hooks-install.ts', '--force']).status).toBe(0);
  });
});
