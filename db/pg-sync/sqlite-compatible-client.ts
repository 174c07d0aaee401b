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
    return this.#client.query(this.#text, bindValues(this.#slots, args), arrays ? 'array' : undefined);
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
  /**
   * The rows in pages of ITERATE_PAGE_ROWS through a cursor, so a read of millions of rows (the progress and
   * awareness tables at 100M events) never stands whole in this process or the connection's thread. A cursor
   * lives in a transaction: outside one, the read opens its own, ended with the last row (or when the loop is
   * left early). As on better-sqlite3, the connection runs nothing else until the loop ends.
   */
  *iterate(...args: unknown[]): IterableIterator<unknown> {
    const client = this.#client;
    const arrays = this.#raw || this.#pluck;
    const cursor = client.openCursor(this.#text, bindValues(this.#slots, args));
    try {
      for (;;) {
        const rows = cursor.fetch(arrays);
        for (const row of rows) yield this.#pluck ? (row as unknown[])[0] : row;
        if (rows.length < ITERATE_PAGE_ROWS) return;
      }
    } finally {
      cursor.close();
    }
  }
}

/** Rows per FETCH of an iterate(): small beside a big read, large enough that the round trips do not count. */
export const ITERATE_PAGE_ROWS = 10_000;

interface Cursor {
  fetch(arrays: boolean): unknown[];
  close(): void;
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
  #cursors = 0;
  #cursorOpen = false;
  /** Every statement but a cursor's own FETCH and CLOSE goes through here. */
  query(text: string, params?: unknown[], rowMode?: 'array') {
    // better-sqlite3 refuses the same; on PostgreSQL a statement in the middle of the cursor's own transaction
    // would commit or roll back with it.
    if (this.#cursorOpen) throw new TypeError('This database connection is busy executing a query');
    return this.connection.query(text, params, rowMode);
  }
  openCursor(text: string, params: unknown[]): Cursor {
    const own = this.#depth === 0;
    const name = `jisou_cursor_${++this.#cursors}`;
    if (own) this.query('BEGIN');
    try {
      this.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, params);
    } catch (error) {
      if (own) this.#endQuietly('ROLLBACK');
      throw error;
    }
    this.#cursorOpen = true;
    let open = true;
    return {
      fetch: (arrays) => this.connection.query(`FETCH ${ITERATE_PAGE_ROWS} FROM ${name}`, [], arrays ? 'array' : undefined).rows,
      close: () => {
        if (!open) return;
        open = false;
        this.#cursorOpen = false;
        if (own) this.#endQuietly('COMMIT');
        else this.#endQuietly(`CLOSE ${name}`);
      },
    };
  }
  /** Ends a cursor; a failure here leaves a broken connection whose next statement reports it. */
  #endQuietly(sql: string): void {
    if (!this.connection.open) return;
    try {
      this.connection.query(sql);
    } catch {
      /* a failed FETCH already aborted the transaction: its error is the one the caller sees */
      if (sql === 'COMMIT') this.#endQuietly('ROLLBACK');
    }
  }
  prepare(source: string): Statement {
    return new Statement(this, source);
  }
  exec(source: string): this {
    this.query(source);
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
      this.query(`SET lock_timeout = ${this.#lockTimeoutMs}`);
      return [];
    }
    if (/^\s*busy_timeout\s*$/i.test(source)) return opts.simple ? this.#lockTimeoutMs : [{ timeout: this.#lockTimeoutMs }];
    return opts.simple ? undefined : [];
  }
  transaction<F extends (...args: never[]) => unknown>(fn: F) {
    const make = (writeLock: boolean) => (...args: Parameters<F>): ReturnType<F> => {
      const depth = this.#depth;
      const savepoint = depth > 0 ? `jisou_sp${depth}` : null;
      this.query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      // SQLite's BEGIN IMMEDIATE takes the database's one write lock up front, and the code written for it
      // (leases, the outbox claim, rate limits, the tracking writer's read-then-write) relies on no other
      // writer running in between. The same promise across instances: one transaction-level advisory lock,
      // waited for under lock_timeout like SQLite's busy timeout.
      this.#depth = depth + 1;
      try {
        if (writeLock && !savepoint) this.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
        const result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new Error('A transaction function cannot return a promise (the data layer is synchronous).');
        this.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
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
