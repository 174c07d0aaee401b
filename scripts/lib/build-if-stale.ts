import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];
const STAMP = 'dist/.jisou-build';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * A build is always a production build. Under vitest the environment carries NODE_ENV=test, PROD='',
 * DEV=1 and MODE=test, which would compile import.meta.env.PROD to false and publish drafts.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['PROD', 'DEV', 'MODE', 'TEST', 'SSR', 'BASE_URL'].includes(k) && !k.startsWith('VITEST')),
  );
  return { ...env, NODE_ENV: 'production' };
}

/** The newest modification time (ms) of anything a build reads. */
export function newestSourceMtime(root: string): number {
  return Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
}

/** The environment `astro build` runs with (a production build, whatever the caller's mode). */
export function astroBuildEnv(): NodeJS.ProcessEnv {
  return { ...buildEnv(), ASTRO_TELEMETRY_DISABLED: '1' };
}

/** Run `astro build` when there is no build or a source is newer than it. */
export async function buildIfStale(root: string): Promise<void> {
  const stamp = join(root, STAMP);
  const built = existsSync(stamp) && existsSync(join(root, 'dist/server/entry.mjs')) ? statSync(stamp).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (built && newest <= built) return;
  console.log(built ? 'Sources changed since the last build; rebuilding…' : 'No build yet; building the portal (about a minute)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...buildEnv(), ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('The build failed (see above). Fix the reported files, then run "npm start" again.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString());
}
