import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPgBinDir } from '../../scripts/lib/pg-test-cluster.ts';
import { cliMessages } from '../../scripts/lib/cli-messages.ts';
import { configSchema } from '../../src/schemas/config.ts';
import { schemaTables } from '../../src/lib/server/db-copy/copy-database.ts';
import { planCopy } from '../../src/lib/server/db-copy/copy-plan.ts';
import { canonicalValue, TableChecksum } from '../../src/lib/server/db-copy/row-checksum.ts';
import { openSyncConnection, PgQueryError } from '../../db/pg-sync/sync-connection.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('db:copy plan', () => {
  it('copies every referenced table before the tables pointing at it, breaking the accounts ↔ users cycle at the nullable CSM column', () => {
    const { order, deferred } = planCopy(schemaTables());
    const position = new Map(order.map((t, i) => [t.name, i]));
    expect(order).toHaveLength(schemaTables().length);
    expect([...deferred]).toEqual([['accounts', ['csm_user_id']]]);
    for (const t of order) {
      for (const fk of t.foreignKeys) {
        if (deferred.get(t.name)?.some((c) => fk.columns.includes(c))) continue;
        expect(position.get(fk.table), `${t.name} → ${fk.table}`).toBeLessThan(position.get(t.name)!);
      }
    }
    // app_meta last: the epoch counters the target's triggers bump while copying get the source's values.
    expect(order.at(-1)!.name).toBe('app_meta');
  });
});

describe('db:copy checksums', () => {
  it('hash a value the same whichever dialect returned it, and tell different values apart', () => {
    expect(canonicalValue(true, 'bool')).toBe(canonicalValue(1, 'bool'));
    expect(canonicalValue(false, 'bool')).toBe(canonicalValue(0n, 'bool'));
    expect(canonicalValue(1_796_000_000_123, 'int')).toBe(canonicalValue(1_796_000_000_123n, 'int'));
    expect(canonicalValue(9_007_199_254_740_993n, 'int')).not.toBe(canonicalValue(9_007_199_254_740_992n, 'int'));
    expect(canonicalValue(0, 'real')).toBe(canonicalValue(-0, 'real'));
    expect(canonicalValue(null, 'text')).not.toBe(canonicalValue('', 'text'));
    expect(canonicalValue(null, 'int')).not.toBe(canonicalValue(0, 'int'));
  });

  it('do not depend on row order, and catch a lost, doubled or changed row', () => {
    const kinds = ['int', 'text', 'bool'] as const;
    const sum = (rows: unknown[][]) => {
      const c = new TableChecksum();
      for (const r of rows) c.add(r, [...kinds]);
      return c.hex();
    };
    const rows = [[1, 'a', true], [2, 'b', false], [3, null, true]];
    const base = sum(rows);
    expect(sum([...rows].reverse())).toBe(base);
    expect(sum([[1n, 'a', 1], [2n, 'b', 0], [3n, null, 1]])).toBe(base);
    expect(sum(rows.slice(1))).not.toBe(base);
    expect(sum([...rows, rows[0]!])).not.toBe(base);
    expect(sum([[1, 'a', true], [2, 'b', true], [3, null, true]])).not.toBe(base);
  });
});

describe('the throwaway PostgreSQL cluster of the tests', () => {
  it('names the Debian package to install when the server binaries are missing', () => {
    expect(() => findPgBinDir('/nonexistent/postgresql')).toThrow('PostgreSQL server binaries not found (looked in /nonexistent/postgresql/*/bin). Install them with: apt-get install -y postgresql');
  });
});

describe('npm start with DATABASE_URL', () => {
  it('validates DATABASE_URL as a postgres:// URL', () => {
    expect(configSchema.safeParse({ DATABASE_URL: 'postgresql://u:p@db.example:5432/jisou' }).success).toBe(true);
    const bad = configSchema.safeParse({ DATABASE_URL: 'mysql://x/y' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('must be a postgres:// or postgresql:// URL');
  });

  it('stops at once, naming the unreachable PostgreSQL (password hidden), and writes no SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jisou-pgstart-'));
    // Port 1: nothing listens there. A port found free and released could be taken meanwhile by a server of the
    // other test process (npm test runs two side by side), and a start connecting to it waits instead of failing.
    const port = 1;
    try {
      const run = (lang: string) =>
        spawnSync(process.execPath, [join(ROOT, 'scripts/start.ts')], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: `postgres://jisou:secret@127.0.0.1:${port}/jisou`, DATABASE_PATH: join(dir, 'x.sqlite'), JISOU_LANG: lang, PORT: '1' },
          timeout: 60_000, // a bound for a hang, not the measure of "at once" (1.4 s for both runs on a quiet machine)
        });
      const en = run('en');
      expect(en.status).toBe(1);
      expect(en.stderr).toContain(`Jisou did not start: PostgreSQL at postgres://jisou:***@127.0.0.1:${port}/jisou could not be opened`);
      expect(en.stderr).toContain('ECONNREFUSED');
      expect(en.stderr).toContain('Unset DATABASE_URL to start on the SQLite file instead');
      expect(en.stderr).not.toContain('secret');
      expect(cliMessages('ops', 'ja')('ops.start.postgresUnreachable', { url: 'u', reason: 'r' })).toContain('PostgreSQL (u) を開けませんでした: r');
      expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a PostgreSQL connection that is refused', () => {
  it('answers the first query with the refusal, also when the refusal came before the query', async () => {
    // The bound for the bug this guards against: the connection thread died on the early refusal and the
    // query slept until this timeout (two minutes by default), so `npm start` hung instead of stopping.
    const before = process.env.DATABASE_QUERY_TIMEOUT_MS;
    process.env.DATABASE_QUERY_TIMEOUT_MS = '15000'; // read when the connection opens
    let connection: ReturnType<typeof openSyncConnection>;
    try {
      connection = openSyncConnection('postgres://jisou:secret@127.0.0.1:1/jisou');
    } finally {
      if (before === undefined) delete process.env.DATABASE_QUERY_TIMEOUT_MS;
      else process.env.DATABASE_QUERY_TIMEOUT_MS = before;
    }
    await sleep(500); // the thread's connect is refused meanwhile
    let thrown: unknown;
    try {
      connection.query('SELECT 1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PgQueryError);
    expect((thrown as PgQueryError).code).toBe('ECONNREFUSED');
    connection.close();
  });
});
