import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.ts';

/**
 * A copy of the project (sources, scripts, content) with `files` added or replaced, node_modules linked per
 * package (Astro's caches stay private), committed in a git repository of its own so publish can read the
 * commit. A test may then build, serve and publish it without touching this checkout.
 */
export function copyProject(files: Record<string, string | Buffer>, prefix = 'jisou-project-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const f of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'db', 'scripts', 'public', 'content']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(root, f), { recursive: true, filter: (src) => !/\.sqlite(-\w+)?$/.test(src) });
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.astro' && name !== '.vite') symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  writeProjectFiles(root, files);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Test Author', '-c', 'user.email=author@jisou.test', 'add', '-A');
  git('-c', 'user.name=Test Author', '-c', 'user.email=author@jisou.test', 'commit', '-qm', 'content for the test');
  return root;
}

export function writeProjectFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Commit everything in the copy (the author of the commit is what /manage/publish shows). */
export function commitAll(root: string, message: string): void {
  const opts = { cwd: root, encoding: 'utf8' as const };
  spawnSync('git', ['add', '-A'], opts);
  spawnSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=author@jisou.test', 'commit', '-qm', message], opts);
}
