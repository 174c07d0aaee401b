// The volume page's git trend is kept on disk per file: a second measure answers the same from the cache,
// and a commit or an edit to one file is seen (its share is blamed again), while a gone file drops out.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureGitVolumeAsync, NOT_COMMITTED } from '../../src/lib/content/git-volume.ts';

const root = mkdtempSync(join(tmpdir(), 'jisou-git-volume-'));
const cache = join(root, '.cache', 'git-volume.json');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(args: string[], author = 'Aki <aki@example.com>'): void {
  const [name, email] = author.replace('>', '').split(' <');
  execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email } });
}
const files = ['content/a.mdx', 'content/b.mdx'];
const byEmail = (v: Awaited<ReturnType<typeof measureGitVolumeAsync>>) => Object.fromEntries(v!.byAuthor.map((a) => [a.email || a.author, a.characters]));

describe('git volume cache', () => {
  it('keeps each file until it or its last commit changes', async () => {
    mkdirSync(join(root, 'content'));
    git(['init', '-q']);
    writeFileSync(join(root, files[0]!), '# 見出し\n\n本文です。\n');
    writeFileSync(join(root, files[1]!), '# Title\n\nSome words here.\n');
    git(['add', '.']);
    git(['commit', '-qm', 'first']);
    const first = await measureGitVolumeAsync(root, files, cache);
    expect(existsSync(cache)).toBe(true);
    expect(Object.keys(byEmail(first))).toEqual(['aki@example.com']);
    expect(await measureGitVolumeAsync(root, files, cache)).toEqual(first);

    // An edit not committed yet, then committed by someone else: each is seen at once.
    writeFileSync(join(root, files[1]!), '# Title\n\nSome words here.\n\nA new paragraph.\n');
    expect(byEmail(await measureGitVolumeAsync(root, files, cache))[NOT_COMMITTED]).toBeGreaterThan(0);
    git(['commit', '-qam', 'second'], 'Mio <mio@example.com>');
    const after = byEmail(await measureGitVolumeAsync(root, files, cache));
    expect(after[NOT_COMMITTED]).toBeUndefined();
    expect(after['mio@example.com']).toBeGreaterThan(0);
    expect(after['aki@example.com']).toBe(byEmail(first)['aki@example.com']);

    // A file no longer measured leaves the cache.
    await measureGitVolumeAsync(root, [files[0]!], cache);
    expect(Object.keys(JSON.parse(readFileSync(cache, 'utf8')).files)).toEqual([files[0]]);
  });
});
