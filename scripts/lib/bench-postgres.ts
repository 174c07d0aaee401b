// The PostgreSQL side of the benchmarks that print both backends (bench:ingest, bench:load): a fresh,
// empty database for one run, on the server DATABASE_URL names (the bench creates it there and drops it
// afterwards, so that role needs CREATEDB) or, without DATABASE_URL, on a throwaway cluster started for the
// run (scripts/lib/pg-test-cluster.ts, Debian's `postgresql` package).
import pg from 'pg';
import { startPgTestCluster } from './pg-test-cluster.ts';

export interface BenchPostgres {
  /** postgres://… of the run's empty database. */
  url: string;
  /** Where it runs, for the printed header. */
  where: string;
  /** A named database that already held a finished copy (see `markFinished`), so nothing needs copying. */
  reused: boolean;
  /** Mark the named database as holding a finished copy, for a later run's `reuse`. */
  markFinished(): Promise<void>;
  /** Drop the database (and stop the throwaway cluster). */
  close(): Promise<void>;
}

/**
 * A database the bench may keep between runs (`bench:kpi --keep --reuse` on DATABASE_URL's server: the copy
 * of 100M events takes most of an hour). `mark` says what a finished copy holds; it is written as the
 * database's comment only once the copy verified, so a copy cut off half-way is made again.
 */
export interface KeptBenchDatabase {
  name: string;
  mark: string;
  reuse: boolean;
}

/**
 * Durability as a production server keeps it (fsync, full page writes), with commits acknowledged before
 * their WAL is flushed (synchronous_commit = off) — the same promise SQLite's WAL with synchronous = NORMAL
 * makes the SQLite side: a crash may lose the last moment, never corrupt.
 */
const BENCH_SETTINGS = { fsync: 'on', full_page_writes: 'on', synchronous_commit: 'off', shared_buffers: '256MB' };

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for this run: on DATABASE_URL's server if set, else on a throwaway cluster. */
export async function openBenchPostgres(databaseUrl = process.env.DATABASE_URL, kept?: KeptBenchDatabase): Promise<BenchPostgres> {
  const name = kept && databaseUrl ? kept.name : `jisou_bench_${process.pid}_${Date.now()}`;
  const cluster = databaseUrl ? null : await startPgTestCluster(BENCH_SETTINGS);
  const server = new URL(databaseUrl ?? cluster!.url);
  const reused = await admin(server.toString(), async (c) => {
    if (kept && databaseUrl) {
      const found = await c.query<{ mark: string | null }>('SELECT shobj_description(oid, \'pg_database\') AS mark FROM pg_database WHERE datname = $1', [name]);
      if (kept.reuse && found.rows[0]?.mark === kept.mark) return true;
      if (found.rows.length > 0) await c.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE "${name}"`);
    return false;
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    where: cluster ? `a throwaway cluster on 127.0.0.1:${cluster.port} (fsync on, synchronous_commit off)` : `${server.host} (DATABASE_URL), database ${name}`,
    reused,
    async markFinished() {
      if (kept && databaseUrl) await admin(server.toString(), (c) => c.query(`COMMENT ON DATABASE "${name}" IS ${pg.escapeLiteral(kept.mark)}`));
    },
    async close() {
      try {
        if (!cluster) await admin(server.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      } finally {
        cluster?.stop();
      }
    },
  };
}
