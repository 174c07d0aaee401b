// `npm run hooks:install [-- --force]`: install a git pre-commit hook that runs the content check on the
// staged version of content/ whenever a commit touches content/ (commits without content stay instant).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const MARKER = '# jisou-content-check';
const HOOK = `#!/bin/sh
${MARKER} (installed by npm run hooks:install; skip once with git commit --no-verify)
# Runs only when the commit adds, changes or removes files under content/.
git diff --cached --quiet -- content/ && exit 0
cd "$(git rev-parse --show-toplevel)" || exit 1
if [ ! -x node_modules/.bin/node ]; then
  echo "jisou: node_modules is missing (run npm ci); content check skipped" >&2
  exit 0
fi
exec node_modules/.bin/node scripts/content-check.ts --staged
`;

const root = resolve(import.meta.dirname, '..');
const force = process.argv.includes('--force');
const unknown = process.argv.slice(2).filter((a) => a !== '--force');
if (unknown.length) {
  console.error(`unknown argument ${unknown.join(' ')} — usage: npm run hooks:install [-- --force]`);
  process.exit(2);
}
const git = spawnSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: root, encoding: 'utf8' });
if (git.status !== 0) {
  console.error(`not a git work tree (${git.stderr.trim()}) — clone the repository with git first`);
  process.exit(1);
}
const dir = git.stdout.trim();
const hooksDir = isAbsolute(dir) ? dir : join(root, dir);
const path = join(hooksDir, 'pre-commit');
if (existsSync(path) && !readFileSync(path, 'utf8').includes(MARKER) && !force) {
  console.error(`${path} already exists and is not ours — add "node_modules/.bin/node scripts/content-check.ts --staged" to it, or rerun with -- --force to replace it`);
  process.exit(1);
}
mkdirSync(hooksDir, { recursive: true });
writeFileSync(path, HOOK);
chmodSync(path, 0o755);
console.log(`installed ${path}: commits that touch content/ now run the content check on the staged files.`);
