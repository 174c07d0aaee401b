import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = (script: string, ...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/node'), [script, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('content CLIs on the project content', { timeout: 30_000 }, () => {
  it('content:check --json gives machine-readable issues and the matching exit code, in seconds', () => {
    const started = Date.now();
    const r = run('scripts/content-check.ts', '--json');
    expect(Date.now() - started).toBeLessThan(10_000);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['files', 'errors', 'warnings', 'ms', 'issues', 'missingTranslations']);
    expect(report.files).toBeGreaterThan(0);
    expect(r.status).toBe(report.errors > 0 ? 1 : 0);
    for (const issue of report.issues) expect(Object.keys(issue).sort()).toEqual(['column', 'field', 'file', 'hint', 'line', 'message', 'severity']);
  });

  it('content:stats --json reports volume against a configurable target', () => {
    const r = run('scripts/content-stats.ts', '--json', '--target', '1000', '--no-git');
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.volume.target).toBe(1000);
    expect(stats.volume.levelTarget).toBe(200);
    expect(stats.volume.total.characters).toBe(stats.items.reduce((s: number, i: { characters: number }) => s + i.characters, 0));
  });

  it('content:stats rejects a bad target with how to fix it', () => {
    const r = run('scripts/content-stats.ts', '--target', 'lots');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--target "lots" is not a positive whole number of characters — e.g. --target 30000');
  });
});
