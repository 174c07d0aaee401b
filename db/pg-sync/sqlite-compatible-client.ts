import type Database from 'better-sqlite3';
import { openSyncConnection, type SyncConnection } from './sync-connection.ts';
import { bindValues, toPgPlaceholders, type Slot } from './placeholders.ts';

/**
 * A PostgreSQL connection with the part of better-sqlite3's interface Jisou uses (prepare → run/get/all/
 * iterate/raw/pluck, exec, transaction, close), so drizzle's better-sqlite3 driver and the hand-written
 * queries run on PostgreSQL unchanged where their SQL is portable. `dialect` tells the few that are not
 * (src/lib/server/db/dialect.ts). Parameters are rewritten to `$n`; the SQL itself is sent as written.
 */
export interface PgSqliteClient {
  readonly dialect: 'pg';
  readonly connection: SyncConnection;
}

/** The advisory lock that stands for SQLite's write lock (any fixed 64-bit number; this one spells "jisou"). */
const WRITE_LOCK_KEY = 0x6a69736f75;

interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

class Statement {
  readonly reader: boolean;
  readonly source: string;
  #client: PgAsSqlite;
  #text: string;
  #slots: Slot[];
  #raw = false;
  #pluck = false;
  constructor(client: PgAsSqlite, source: string) {
    this.#client = client;
    this.source = source;
    const { text, slots } = toPgPlaceholders(source);
    this.#text = text;
    this.#slots = slots;
    this.reader = /^\s*(select|with|values)\b|\breturning\b/i.test(source);
  }
  raw(on = true): this {
    this.#raw = on;
    if (on) this.#pluck = false;
    return this;
  }
  pluck(on = true): this {
    this.#pluck = on;
    if (on) this.#raw = false;
    return this;
  }
  // SQLite hands back integers as numbers unless asked; int8 already comes back as a number here.
  safeIntegers(): this {
    return this;
  }
  #query(args: unknown[]) {
    const arrays = this.#raw || this.#pluck;
    return this.#client.connection.query(this.#text, bindValues(this.#slots, args), arrays ? 'array' : undefined);
  }
  run(...args: unknown[]): RunResult {
    const r = this.#query(args);
    // RETURNING id is how a caller learns the new key on PostgreSQL; SQLite's rowid has no equivalent.
    const first = r.rows[0] as Record<string, unknown> | unknown[] | undefined;
    const id = first && !Array.isArray(first) ? Number(first.id ?? 0) : 0;
    return { changes: r.rowCount, lastInsertRowid: id };
  }
  all(...args: unknown[]): unknown[] {
    const rows = this.#query(args).rows;
    return this.#pluck ? rows.map((r) => (r as unknown[])[0]) : rows;
  }
  get(...args: unknown[]): unknown {
    const row = this.#query(args).rows[0];
    if (row === undefined) return undefined;
    return this.#pluck ? (row as unknown[])[0] : row;
  }
  *iterate(...args: unknown[]): IterableIterator<unknown> {
    yield* this.all(...args);
  }
}

class PgAsSqlite implements PgSqliteClient {
  readonly dialect = 'pg' as const;
  readonly connection: SyncConnection;
  readonly name: string;
  readonly memory = false;
  readonly readonly = false;
  #depth = 0;
  constructor(connection: SyncConnection, name: string) {
    this.connection = connection;
    this.name = name;
  }
  get open(): boolean {
    return this.connection.open;
  }
  get inTransaction(): boolean {
    return this.#depth > 0;
  }
  prepare(source: string): Statement {
    return new Statement(this, source);
  }
  exec(source: string): this {
    this.connection.query(source);
    return this;
  }
  #lockTimeoutMs = 0;
  /**
   * SQLite's busy timeout is PostgreSQL's lock_timeout: how long a statement waits for a lock another
   * connection holds before it fails (55P03, which isBusyError treats as SQLITE_BUSY). The file settings
   * (WAL, synchronous, page limits, checkpoints) have no meaning here; reads of them answer nothing.
   */
  pragma(source: string, opts: { simple?: boolean } = {}): unknown {
    const set = /^\s*busy_timeout\s*=\s*(\d+)\s*$/i.exec(source);
    if (set) {
      this.#lockTimeoutMs = Number(set[1]);
      this.connection.query(`SET lock_timeout = ${this.#lockTimeoutMs}`);
      return [];
    }
    if (/^\s*busy_timeout\s*$/i.test(source)) return opts.simple ? this.#lockTimeoutMs : [{ timeout: this.#lockTimeoutMs }];
    return opts.simple ? undefined : [];
  }
  transaction<F extends (...args: never[]) => unknown>(fn: F) {
    const make = (writeLock: boolean) => (...args: Parameters<F>): ReturnType<F> => {
      const depth = this.#depth;
      const savepoint = depth > 0 ? `jisou_sp${depth}` : null;
      this.connection.query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      // SQLite's BEGIN IMMEDIATE takes the database's one write lock up front, and the code written for it
      // (leases, the outbox claim, rate limits, the tracking writer's read-then-write) relies on no other
      // writer running in between. The same promise across instances: one transaction-level advisory lock,
      // waited for under lock_timeout like SQLite's busy timeout.
      this.#depth = depth + 1;
      try {
        if (writeLock && !savepoint) this.connection.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
        const result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new Error('A transaction function cannot return a promise (the data layer is synchronous).');
        this.connection.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        if (this.connection.open) {
          try {
            this.connection.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
          } catch {
            /* the error that got us here is the one to report */
          }
        }
        throw error;
      } finally {
        this.#depth = depth;
      }
    };
    const deferred = make(false);
    const immediate = make(true);
    return Object.assign(deferred, { deferred, immediate, exclusive: immediate, default: deferred });
  }
  close(): this {
    this.connection.close();
    return this;
  }
}

/** Open PostgreSQL at `url` behind better-sqlite3's interface (typed as it, so callers stay unchanged). */
export function openPgAsSqlite(url: string): Database.Database & PgSqliteClient {
  const name = new URL(url).pathname.slice(1) || 'postgres';
  return new PgAsSqlite(openSyncConnection(url), name) as unknown as Database.Database & PgSqliteClient;
}
