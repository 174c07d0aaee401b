import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { openCopyEndpoint, type CopyEndpoint } from '../../src/lib/server/db-copy/copy-endpoint.ts';
import { checksumTable, schemaTables } from '../../src/lib/server/db-copy/copy-database.ts';
import { freeLoopbackPort } from '../../scripts/lib/free-port.ts';
import { createTestDatabase, queryOne, queryPg, ROOT, runDbCopy } from '../support/pg-db.ts';

let dir: string;
let demo: string;
let small: string;

/** A small database (3 accounts, 12 people, 6,000 events) for the tests that copy it several times. */
function seedSmallDatabase(file: string): void {
  const db = openDatabase(file, ROOT);
  const s = db.$client;
  s.transaction(() => {
    for (let a = 0; a < 3; a++) {
      s.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, auto_assign_by_domain, created_at, updated_at) VALUES (?, ?, ?, 'high', 'starter', '2026-01-01', ?, 1, 1)`).run(`a${a}`, `a${a}`, `会社 ${a}`, a % 2);
      // Names with what PostgreSQL's COPY text format must escape (tab, newline, CR, backslash, a literal \N).
      for (let u = 0; u < 4; u++) s.prepare(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES (?, ?, ?, 'customer', ?, 1, 1)`).run(`u${a}-${u}`, `u${u}@a${a}.example`, u === 1 ? `人\t${a}\n"\\N" C:\\dir\r\\` : `人 ${u}`, `a${a}`);
    }
    s.prepare(`UPDATE accounts SET csm_user_id = 'u0-0'`).run();
    const event = s.prepare(`INSERT INTO tracking_events (at, kind, content_key, view_id, user_id, account_id, claimed_ms, credit_ms, data) VALUES (?, 'beat', ?, ?, ?, ?, ?, ?, ?)`);
    for (let i = 0; i < 6000; i++) event.run(1_796_000_000_000 + i * 1000, `manuals/m${i % 7}`, `v${i % 50}`, `u${i % 3}-${i % 4}`, `a${i % 3}`, 15000, i % 15000, i % 5 ? null : i % 10 ? '{"depth":0.5}' : '{"q":"a\\\\b\\tc\\n"}');
    const view = s.prepare(`INSERT INTO tracking_views (view_id, content_key, user_id, account_id, started_at, credited_until, video_until, completed, last_at) VALUES (?, 'k', 'u0-0', 'a0', 1, 2, 3, ?, 4)`);
    for (let i = 0; i < 50; i++) view.run(`v${i}`, i % 2);
  })();
  s.close();
}

/** The verification lines db:copy printed: table → `rows:checksum` of one side. */
function verifiedTables(output: string, side: 'source' | 'target'): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of output.matchAll(/^ {2}ok (\w+): ([\d,]+) \| ([\d,]+) rows, ([0-9a-f]{16}) \| ([0-9a-f]{16})$/gm)) {
    out.set(m[1]!, side === 'source' ? `${m[2]!.replaceAll(',', '')}:${m[4]}` : `${m[3]!.replaceAll(',', '')}:${m[5]}`);
  }
  return out;
}

/** Row count and checksum of every table, the way db:copy verifies them. */
async function fingerprint(location: string): Promise<Record<string, string>> {
  const end: CopyEndpoint = await openCopyEndpoint(location, 'source', ROOT, () => null);
  try {
    const out: Record<string, string> = {};
    for (const t of schemaTables()) {
      const { rows, checksum } = await checksumTable(end, t);
      out[t.name] = `${rows}:${checksum}`;
    }
    return out;
  } finally {
    await end.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisou-dbcopy-'));
  // A private copy of the seeded demo: the tests open it with the project's opener, which may write.
  demo = join(dir, 'demo.sqlite');
  copyFileSync(inject('demoDbPath'), demo);
  small = join(dir, 'small.sqlite');
  seedSmallDatabase(small);
});
let smallFingerprint: Record<string, string>;
beforeAll(async () => {
  smallFingerprint = await fingerprint(small);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run db:copy', () => {
  it('round-trips the demo database SQLite → PostgreSQL → SQLite with identical checksums, and PostgreSQL ids continue', async () => {
    const pgUrl = await createTestDatabase(inject('pgUrl'), 'roundtrip');
    const back = join(dir, 'back.sqlite');
    const there = runDbCopy([demo, pgUrl]);
    expect(there.output).toMatch(/tracking_events: 2,000\/[\d,]+ rows/);
    expect(there.output).toMatch(/accounts \(csm_user_id, filled in after the tables they point at\)/);
    expect(there.output).toMatch(/ok tracking_events: ([\d,]+) \| \1 rows, ([0-9a-f]{16}) \| \2/);
    expect(there.output).toMatch(/Copy verified: 44 tables, [\d,]+ rows identical on both sides/);
    expect(there.status).toBe(0);
    const returned = runDbCopy([pgUrl, back]);
    expect(returned.status, returned.output).toBe(0);

    // Each hop verified both of its sides; the demo's checksums must be the returned file's.
    const original = verifiedTables(there.output, 'source');
    expect(original.size).toBe(44);
    expect(Number(original.get('tracking_events')!.split(':')[0])).toBeGreaterThan(10_000);
    expect(Number(original.get('users')!.split(':')[0])).toBeGreaterThan(100);
    expect(verifiedTables(there.output, 'target')).toEqual(original);
    expect(verifiedTables(returned.output, 'source')).toEqual(original);
    expect(verifiedTables(returned.output, 'target')).toEqual(original);
    // The copy is an ordinary database again: no progress table left, booleans as booleans, ids past the copied ones.
    expect(await queryPg(pgUrl, `SELECT to_regclass('jisou_copy_progress') AS t`)).toEqual([{ t: null }]);
    const { max } = await queryOne<{ max: number }>(pgUrl, `SELECT max(id) AS max FROM tracking_events`);
    const { id } = await queryOne<{ id: number }>(pgUrl, `INSERT INTO tracking_events (at, kind, content_key, view_id, user_id, account_id) VALUES (1, 'view', 'k', 'v', '', '') RETURNING id`);
    expect(id).toBe(max + 1);
    const { n } = await queryOne<{ n: number }>(pgUrl, `SELECT count(*)::int AS n FROM tracking_views WHERE completed IS TRUE`);
    expect(n).toBeGreaterThan(0);

    // The finished copy now holds data: a second copy into it is refused and changes nothing.
    const { rows: eventsBefore } = await queryOne<{ rows: string }>(pgUrl, `SELECT count(*) AS rows FROM tracking_events`);
    const again = runDbCopy([small, pgUrl]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds data \(.*accounts \(32\).*\) and is not an unfinished copy\. db:copy only writes into an empty database/);
    expect(await queryPg(pgUrl, `SELECT count(*) AS rows FROM tracking_events`)).toEqual([{ rows: eventsBefore }]);
  });

  it('resumes an interrupted copy where it stopped, without duplicates (after --stop-after and after a kill), from its own source only', async () => {
    const pgUrl = await createTestDatabase(inject('pgUrl'), 'resume');
    const first = runDbCopy([small, pgUrl, '--batch-size', '1000', '--stop-after', '2500']);
    expect(first.status, first.output).toBe(3);
    expect(first.output).toMatch(/Stopped after 2,500 rows as asked \(--stop-after\)\. Run the same command again/);
    const { n: partial } = await queryOne<{ n: string }>(pgUrl, `SELECT count(*) AS n FROM tracking_events`);
    expect(Number(partial)).toBeGreaterThan(0);
    expect(Number(partial)).toBeLessThan(6000);

    // An unfinished copy continues only from its own source.
    const other = join(dir, 'other.sqlite');
    copyFileSync(small, other);
    const wrong = runDbCopy([other, pgUrl]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(`holds an unfinished copy of another source (${small}), not of ${other}`);

    // Now a hard kill in the middle of tracking_events (no chance to clean up), then the same command again.
    const child = spawn(process.execPath, [join(ROOT, 'scripts/db-copy.ts'), small, pgUrl, '--batch-size', '500'], { cwd: ROOT, env: { ...process.env, JISOU_LANG: 'en' } });
    let seen = '';
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/tracking_events: [\d,]+\/[\d,]+ rows/.test(seen) && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    expect(seen).toMatch(/Resuming an unfinished copy/);
    const { n: afterKill } = await queryOne<{ n: string }>(pgUrl, `SELECT count(*) AS n FROM tracking_events`);

    const resumed = runDbCopy([small, pgUrl]);
    expect(resumed.status, resumed.output).toBe(0);
    expect(resumed.output).toMatch(/Resuming an unfinished copy/);
    // It picked up after the rows already there rather than from the start.
    expect(resumed.output).toMatch(new RegExp(`tracking_events: ${Number(afterKill).toLocaleString('en-US')}/`));
    expect(resumed.output).toMatch(/Copy verified: 44 tables, 6,\d{3} rows identical on both sides/);
    expect(await queryPg(pgUrl, `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM tracking_events`)).toEqual([{ n: 6000, ids: 6000 }]);
    expect(await fingerprint(pgUrl)).toEqual(smallFingerprint);
  });

  it('rejects bad arguments with a message saying how to fix them, exits non-zero and writes nothing', async () => {
    const target = join(dir, 'never.sqlite');
    const missing = runDbCopy([join(dir, 'nope.sqlite'), target]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`The source SQLite file ${join(dir, 'nope.sqlite')} does not exist`);
    expect(existsSync(target)).toBe(false);

    const badUrl = runDbCopy([demo, 'postgres://user:secret@/']);
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toMatch(/is not a usable PostgreSQL URL\. Write it as postgres:\/\/user:password@host:5432\/database/);
    expect(badUrl.stderr).not.toContain('secret');
    expect(runDbCopy([demo, 'mysql://db/x']).stderr).toContain('is not a usable PostgreSQL URL');

    const port = await freeLoopbackPort();
    const unreachable = runDbCopy([demo, `postgres://jisou:secret@127.0.0.1:${port}/jisou`]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED). Check that the server is running`);
    expect(unreachable.stderr).not.toContain('secret');

    const noDb = new URL(inject('pgUrl'));
    noDb.pathname = '/no_such_db';
    const absent = runDbCopy([demo, noDb.toString()]);
    expect(absent.status).toBe(2);
    expect(absent.stderr).toContain('The database "no_such_db" does not exist');
    expect(absent.stderr).toContain('createdb -h 127.0.0.1');

    const usage = runDbCopy([demo]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('db:copy needs exactly two arguments, <from> and <to> (got 1)');
    expect(usage.stderr).toContain('Usage: npm run db:copy -- <from> <to>');
    expect(runDbCopy([demo, demo]).stderr).toContain('<from> and <to> are the same database');
    expect(runDbCopy([demo, target, '--batch-size', '0']).stderr).toContain('--batch-size must be a whole number of at least 1 (got "0")');

    // Someone else's database: refused before the migrations would create our tables in it.
    const foreign = await createTestDatabase(inject('pgUrl'), 'foreign');
    await queryPg(foreign, `CREATE TABLE invoices (id int PRIMARY KEY)`);
    const intoForeign = runDbCopy([small, foreign]);
    expect(intoForeign.status).toBe(2);
    expect(intoForeign.stderr).toContain('holds tables of another application (invoices) and is not a Jisou database');
    expect(await queryPg(foreign, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([{ table_name: 'invoices' }]);

    const ja = runDbCopy([join(dir, 'nope.sqlite'), target], { JISOU_LANG: 'ja' });
    expect(ja.stderr).toContain('コピー元の SQLite ファイル');
    expect(existsSync(target)).toBe(false);
  });
});
