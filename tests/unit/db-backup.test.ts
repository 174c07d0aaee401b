import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });

// Each case starts several real Node processes: allow for a busy 2-core machine.
describe('db:backup and db:restore', { timeout: 60_000 }, () => {
  it('takes a consistent, rotated copy and restores it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jisou-backup-'));
    const dbPath = join(dir, 'live.sqlite');
    const live = new Database(dbPath);
    live.pragma('journal_mode = WAL');
    live.exec('CREATE TABLE beats (n INTEGER)');
    const insert = live.prepare('INSERT INTO beats VALUES (?)');
    live.transaction(() => { for (let i = 0; i < 5000; i++) insert.run(i); })();

    const backups = join(dir, 'backups');
    for (let i = 0; i < 3; i++) {
      const r = run('db-backup.ts', ['--dir', backups, '--keep', '2'], { DATABASE_PATH: dbPath });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('backup ok');
    }
    const files = readdirSync(backups);
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.sqlite'))).toBe(true);

    // Rows written after the backup disappear again when the backup is restored.
    live.transaction(() => { for (let i = 0; i < 100; i++) insert.run(i); })();
    live.close();
    const newest = join(backups, files.sort().at(-1)!);
    const restored = run('db-restore.ts', [newest], { DATABASE_PATH: dbPath });
    expect(restored.status, restored.stderr).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM beats').get()).toEqual({ n: 5000 });
    db.close();
  });

  it('refuses a bad --keep and a missing backup file with how to fix', () => {
    const bad = run('db-backup.ts', ['--keep', 'zero'], { DATABASE_PATH: '/nonexistent/x.sqlite' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--keep must be a whole number/);
    const missing = run('db-restore.ts', ['/nonexistent/backup.sqlite'], { DATABASE_PATH: '/tmp/unused.sqlite' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/No such backup/);
  });
});
