// The two ends of `npm run db:copy`: an SQLite file or a PostgreSQL URL, opened with the project's own openers
// (so both are migrated to the current schema) and reduced to the few operations the copy needs.
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../../../db/client.ts';
import { isPostgresUrl, openPostgres } from '../../../../db/client-pg.ts';
import { checkLocation, CopyError, parsePostgresUrl } from './copy-location.ts';
import { redactDatabaseUrl } from '../db/redact-database-url.ts';
import { encodeCopyText } from './copy-text-format.ts';

export { CopyError, checkLocation };

export interface CopyEndpoint {
  dialect: 'sqlite' | 'postgres';
  /** What the operator typed, password hidden: shown in messages and kept as the identity of a copy's source. */
  label: string;
  /** Rows as arrays, values in the select list's order. */
  all(sql: string, params?: unknown[]): Promise<unknown[][]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  /**
   * Bulk insert of rows already converted for this end (PostgreSQL: `COPY … FROM STDIN`, several times faster
   * than multi-row INSERTs and free of their parameter limit). Absent where plain INSERTs are as fast (SQLite).
   */
  copyRows?(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  transaction(work: () => Promise<void>): Promise<void>;
  /** Placeholder of the n-th (1-based) parameter. */
  param(n: number): string;
  /** Read everything that follows from one consistent snapshot (the source of a copy). */
  beginSnapshot(): Promise<void>;
  endSnapshot(): Promise<void>;
  close(): Promise<void>;
}

function fromSqlite(value: unknown): unknown {
  // safeIntegers gives every INTEGER as a BigInt so nothing past 2^53 is rounded; smaller ones become numbers.
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  return value;
}

/**
 * Migrating a target creates every table in it: a file that holds tables but was never a Jisou database (no
 * migration journal) is refused before that, so a wrong path cannot mix our tables into someone else's file.
 */
function refuseForeignSqlite(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  let tables: string[];
  try {
    const probe = new Database(file, { readonly: true, fileMustExist: true });
    try {
      tables = (probe.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
    } finally {
      probe.close();
    }
  } catch (error) {
    throw new CopyError('dbcopy.error.sqliteOpen', { file, reason: (error as Error).message }, { cause: error });
  }
  if (tables.length && !tables.includes('__drizzle_migrations')) throw new CopyError('dbcopy.error.targetForeign', { target: file, tables: tables.slice(0, 5).join(', ') });
}

/** The same for PostgreSQL: tables in the current schema but no drizzle journal means another application's database. */
async function refuseForeignPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const tables = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1 LIMIT 5`)).rows.map((r) => r.table_name as string);
    const journal = (await client.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).rows[0]?.t;
    if (tables.length && !journal) throw new CopyError('dbcopy.error.targetForeign', { target: redactDatabaseUrl(url), tables: tables.join(', ') });
  } finally {
    await client.end();
  }
}

/** Open an SQLite file. A source must exist; a target is created (and migrated) when missing. */
export function openSqliteEndpoint(path: string, role: 'source' | 'target', root: string, checkTarget: (file: string) => string | null): CopyEndpoint {
  const file = resolve(root, path);
  if (role === 'target') {
    const problem = checkTarget(file);
    if (problem) throw new CopyError('dbcopy.error.targetUnwritable', { file, problem });
  }
  if (role === 'target') refuseForeignSqlite(file);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(file, root);
  } catch (error) {
    throw new CopyError('dbcopy.error.sqliteOpen', { file, reason: (error as Error).message }, { cause: error });
  }
  const sqlite = db.$client;
  return {
    dialect: 'sqlite',
    label: file,
    async all(sql, params = []) {
      const rows = sqlite.prepare(sql).raw(true).safeIntegers(true).all(...(params as never[])) as unknown[][];
      return rows.map((r) => r.map(fromSqlite));
    },
    async run(sql, params = []) {
      sqlite.prepare(sql).run(...(params as never[]));
    },
    async transaction(work) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        await work();
        sqlite.exec('COMMIT');
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      }
    },
    param: () => '?',
    async beginSnapshot() {
      // WAL: a read transaction sees the database as of its first read, however the app writes meanwhile.
      sqlite.exec('BEGIN');
      sqlite.prepare('SELECT count(*) FROM app_meta').get();
    },
    async endSnapshot() {
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
    },
    async close() {
      sqlite.close();
    },
  };
}

/** What a node-postgres connection error means for the operator, as a message key. */
function describePgError(error: unknown, url: URL): CopyError {
  // drizzle wraps a failed migration query (DrizzleQueryError): the driver's error, with its code, is the cause.
  let e = error as { code?: string; message?: string; cause?: unknown };
  while (!e.code && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  const where = { url: redactDatabaseUrl(url.toString()), host: url.hostname || 'localhost', port: url.port || '5432', database: url.pathname.slice(1) || '(default)', user: decodeURIComponent(url.username) || '(default)', reason: e.code ?? e.message ?? String(error) };
  if (e.code === '28P01' || e.code === '28000') return new CopyError('dbcopy.error.pgAuth', where, { cause: error });
  if (e.code === '3D000') return new CopyError('dbcopy.error.pgNoDatabase', where, { cause: error });
  if (e.code === '42501') return new CopyError('dbcopy.error.pgPermission', { ...where, reason: e.message ?? '' }, { cause: error });
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(e.code ?? '') || /timeout|terminated/i.test(e.message ?? ''))
    return new CopyError('dbcopy.error.pgUnreachable', where, { cause: error });
  return new CopyError('dbcopy.error.pgOther', { ...where, reason: e.message ?? String(error) }, { cause: error });
}

/** Open (and migrate) a PostgreSQL database; one connection carries the whole copy, so its snapshot and settings hold. */
export async function openPostgresEndpoint(value: string, role: 'source' | 'target', root: string): Promise<CopyEndpoint> {
  const url = parsePostgresUrl(value);
  let client: pg.PoolClient;
  let pool: pg.Pool;
  try {
    if (role === 'target') await refuseForeignPostgres(value);
    const db = await openPostgres(value, root, { max: 1 });
    pool = db.$client;
    client = await pool.connect();
  } catch (error) {
    if (error instanceof CopyError) throw error;
    throw describePgError(error, url);
  }
  // The epoch triggers skip their per-row bumps for this session: app_meta is written last with the source's values.
  if (role === 'target') await client.query("SET jisou.copying = 'on'");
  return {
    dialect: 'postgres',
    label: redactDatabaseUrl(value),
    async all(sql, params = []) {
      const r = await client.query({ text: sql, values: params, rowMode: 'array' });
      return r.rows as unknown[][];
    },
    async run(sql, params = []) {
      await client.query(sql, params);
    },
    async copyRows(table, columns, rows) {
      const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
      // In slices, so a large batch never becomes one huge string.
      const slices = function* () {
        for (let i = 0; i < rows.length; i += 500) yield encodeCopyText(rows.slice(i, i + 500));
      };
      await pipeline(Readable.from(slices()), stream);
    },
    async transaction(work) {
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    param: (n) => `$${n}`,
    async beginSnapshot() {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async endSnapshot() {
      await client.query('COMMIT');
    },
    async close() {
      client.release();
      await pool.end();
    },
  };
}

/** Open one side of the copy from what the operator typed: a postgres:// URL or an SQLite file path. */
export async function openCopyEndpoint(value: string, role: 'source' | 'target', root: string, checkTarget: (file: string) => string | null): Promise<CopyEndpoint> {
  checkLocation(value, role, root);
  return isPostgresUrl(value) ? openPostgresEndpoint(value, role, root) : openSqliteEndpoint(value, role, root, checkTarget);
}
