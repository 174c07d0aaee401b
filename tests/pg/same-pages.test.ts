import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { get, signIn } from '../support/auth.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// `DATABASE_URL=postgres://… npm start` serves the same portal as SQLite: the demo database copied into
// PostgreSQL (db:copy), one server on each, and every page of every role compared as a person reads it.
let dir: string;
let onSqlite: TestServer;
let onPg: TestServer;

const PAGES: Record<string, string[]> = {
  '': ['/', '/manuals', '/articles', '/webinars', '/announcements', '/stories', '/login', '/search?q=%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3'],
  'user@acme.example': ['/', '/manuals', '/webinars', '/announcements', '/me/progress', '/me/roadmap', '/roadmaps', '/profile', '/stories'],
  'admin@acme.example': ['/team', '/team/progress'],
  'manager@jisou.test': [
    '/manage', '/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts',
    '/manage/kpi/accounts/acct-acme', '/manage/alerts', '/manage/engage', '/manage/engage/outbox',
    '/manage/feedback', '/manage/roadmaps', '/manage/events', '/manage/surveys', '/manage/stories', '/manage/requests', '/manage/search-gaps', '/manage/content',
  ],
  'admin@jisou.test': ['/manage/accounts', '/manage/accounts/acct-acme', '/manage/accounts/staff', '/manage/accounts/audit', '/manage/publish'],
};

/** What a person reads: the text of the page, without markup, per-request tokens and build hashes. */
function readable(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where two texts part, with some context on each side (null when equal): a whole page is too long to diff. */
function firstDifference(sqlite: string, pg: string): { sqlite: string; pg: string } | null {
  if (sqlite === pg) return null;
  let i = 0;
  while (i < sqlite.length && sqlite[i] === pg[i]) i++;
  const from = Math.max(0, i - 120);
  return { sqlite: sqlite.slice(from, i + 200), pg: pg.slice(from, i + 200) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-same-pages-'));
  const sqliteFile = join(dir, 'demo.sqlite');
  copyFileSync(inject('demoDbPath'), sqliteFile);
  const url = await createTestDatabase(inject('pgUrl'), 'pages');
  const copy = spawnSync(process.execPath, [join(ROOT, 'scripts/db-copy.ts'), sqliteFile, url], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (copy.status !== 0) throw new Error(`db:copy failed:\n${copy.stdout}\n${copy.stderr}`);
  [onSqlite, onPg] = await Promise.all([startTestServer({ DATABASE_PATH: sqliteFile }), startTestServer({ DATABASE_URL: url })]);
}, 300_000);

afterAll(async () => {
  await Promise.all([onSqlite?.stop(), onPg?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the same demo on SQLite and on PostgreSQL', () => {
  for (const [who, paths] of Object.entries(PAGES)) {
    it(`shows ${who || 'a visitor'} the same pages`, async () => {
      const [a, b] = who ? await Promise.all([signIn(onSqlite.baseUrl, who), signIn(onPg.baseUrl, who)]) : [undefined, undefined];
      // Once each first: the volume page shows git's figures only once git answered (it waits 1.5 s, then says
      // they are coming), and a loaded machine may answer one server in time and not the other.
      for (const path of paths) await Promise.all([get(onSqlite.baseUrl, path, a).then((r) => r.arrayBuffer()), get(onPg.baseUrl, path, b).then((r) => r.arrayBuffer())]);
      for (const path of paths) {
        const [ra, rb] = await Promise.all([get(onSqlite.baseUrl, path, a), get(onPg.baseUrl, path, b)]);
        expect({ path, status: rb.status }).toEqual({ path, status: ra.status });
        expect(ra.status, `${path} answers`).toBeLessThan(400);
        const [ta, tb] = await Promise.all([ra.text(), rb.text()]);
        expect(firstDifference(readable(ta), readable(tb)), path).toBeNull();
      }
    }, 180_000);
  }
});
