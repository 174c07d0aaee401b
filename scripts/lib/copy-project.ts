import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a project copy needs to build and serve; node_modules is linked, not copied. */
const PROJECT_FILES = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'db', 'scripts', 'public', 'content'];

/**
 * A copy of the project at `root` in `dir` (which must not exist yet or be empty), with `extra` files
 * (path → text) written over it and an empty git repository, so a bench can build and serve other content
 * than the checkout's without touching it. Databases are not copied.
 */
export function copyProject(root: string, dir: string, extra: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const f of PROJECT_FILES) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(dir, f), { recursive: true, filter: (src) => !/\.sqlite(-\w+)?$/.test(src) });
  }
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) if (name !== '.astro' && name !== '.vite') symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  spawnSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

/**
 * Bring a copy made by copyProject up to date with `root`'s code (everything but its content), keeping
 * file times, so the copy is rebuilt only when the code really changed (build-if-stale.ts compares them).
 */
export function refreshProjectCode(root: string, dir: string): void {
  for (const f of PROJECT_FILES.filter((f) => f !== 'content')) {
    if (!existsSync(join(root, f))) continue;
    rmSync(join(dir, f), { recursive: true, force: true });
    cpSync(join(root, f), join(dir, f), { recursive: true, preserveTimestamps: true, filter: (src) => !/\.sqlite(-\w+)?$/.test(src) });
  }
}
