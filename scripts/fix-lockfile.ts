// `npm run fix:lockfile`: after `npm install`, record the other platforms' optional binaries in
// package-lock.json so that `npm ci` accepts the lock file.
//
// Why: the registry reachable here lacks some platform-specific optional packages (e.g.
// @astrojs/compiler-binding-android-arm64). `npm install` silently leaves them out of the lock file,
// and `npm ci` then refuses the lock as "out of sync". An entry marked optional with its os/cpu is
// skipped by `npm ci` on every other platform, so nothing is fetched.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const OS: Record<string, string> = { android: 'android', darwin: 'darwin', linux: 'linux', win32: 'win32', windows: 'win32', freebsd: 'freebsd', wasm32: 'wasi' };
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'wasm32'];

function platformOf(name: string): { os?: string[]; cpu?: string[] } {
  const parts = name.split('/').pop()!.split('-');
  const os = parts.find((p) => p in OS);
  const cpu = parts.find((p) => CPU.includes(p));
  if (os === 'wasm32') return { cpu: ['wasm32'] };
  return { ...(os ? { os: [OS[os]!] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

const file = resolve(import.meta.dirname, '../package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
const added: string[] = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  const optional = (pkg.optionalDependencies ?? {}) as Record<string, string>;
  for (const [dep, range] of Object.entries(optional)) {
    const nested = `${path ? `${path}/` : ''}node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform.os && !platform.cpu) continue; // not a platform binary: leave it to npm
    lock.packages[`node_modules/${dep}`] = { version: range.replace(/^[\^~=]/, ''), optional: true, ...platform };
    added.push(dep);
  }
}
if (added.length) {
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
}
console.log(added.length ? `recorded ${added.length} optional platform package(s): ${added.join(', ')}` : 'package-lock.json already complete');
