import type Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { getTrackingHealth, type TrackingHealth } from './tracking/health.ts';
import { readMailHealth, type MailHealth } from './mail/mail-health.ts';
import { isBusyError, waitForWriteLock } from './db/busy.ts';
import type { Dialect } from './db/dialect.ts';
import { MIGRATIONS_DIR, PG_MIGRATIONS_DIR } from '../../../db/client.ts';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface Health {
  status: HealthStatus;
  /** Why the status is not ok (empty when ok). */
  problems: string[];
  version: string;
  uptimeSeconds: number;
  /** `locked`: another process holds the database lock, so writes wait (and answer 503 past DATABASE_LOCK_WAIT_MS). */
  database: { reachable: boolean; locked: boolean; sizeBytes: number | null; walBytes: number | null; error?: string };
  migrations: { current: boolean; applied: number | null; available: number; latest: string | null };
  tracking: TrackingHealth & { bufferMax: number };
  /** The mail outbox: backlog, retries, failures, suppressions, the sender's lease (null if unreadable). */
  mail: MailHealth | null;
  /** Event-loop delay since the previous /healthz call (null outside scripts/start.ts). */
  eventLoop: { delayP99Ms: number; delayMaxMs: number } | null;
  /** Memory of the process in MB: resident, the JavaScript heap, and buffers outside it (typed arrays). */
  memory: { rssMb: number; heapUsedMb: number; heapTotalMb: number; arrayBuffersMb: number };
}

export interface HealthInputs {
  /** Lazily opened, so a database that cannot be opened reports as down instead of throwing. */
  db: () => Database.Database;
  databaseFile: string;
  root: string;
  bufferMax: number;
  /** SMTP_URL is set. */
  smtp?: boolean;
  /** The data is in PostgreSQL (DATABASE_URL): no file to measure, its own migration journal. */
  pg?: boolean;
}

interface Journal {
  entries: { tag: string; when: number }[];
}

// Read once per process: the migration files and the version only change with a new release (= restart).
const shipped = new Map<Dialect, { available: number; latestWhen: number | null; latest: string | null; version: string }>();

function shippedFacts(root: string, dialect: Dialect) {
  const known = shipped.get(dialect);
  if (known) return known;
  let entries: Journal['entries'] = [];
  try {
    entries = (JSON.parse(readFileSync(resolve(root, dialect === 'pg' ? PG_MIGRATIONS_DIR : MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal).entries;
  } catch {
    /* no journal: nothing to compare against, reported as 0 available */
  }
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* keep "unknown" */
  }
  const last = entries.at(-1);
  const facts = { available: entries.length, latestWhen: last?.when ?? null, latest: last?.tag ?? null, version };
  shipped.set(dialect, facts);
  return facts;
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * The state of this instance for /healthz: one small indexed query (which proves the database answers),
 * two stat calls and in-memory counters, so probing it every second costs nothing noticeable.
 * Down = the database does not answer (503). Degraded = serving, but an operator should look: migrations
 * behind the code, or tracking writes failing / the tracking buffer dropping events.
 */
export function checkHealth(input: HealthInputs, probe: { writeLockFree?: boolean } = {}): Health {
  const onPg = input.pg ?? false;
  const facts = shippedFacts(input.root, onPg ? 'pg' : 'sqlite');
  const problems: string[] = [];
  const database: Health['database'] = {
    reachable: false,
    locked: probe.writeLockFree === false,
    sizeBytes: onPg ? null : fileSize(input.databaseFile),
    walBytes: onPg ? null : fileSize(`${input.databaseFile}-wal`),
  };
  const migrations: Health['migrations'] = { current: false, applied: null, available: facts.available, latest: facts.latest };
  try {
    const row = input.db().prepare(`SELECT count(*) AS n, max(created_at) AS last FROM ${onPg ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations'}`).get() as { n: number; last: number | null };
    database.reachable = true;
    // PostgreSQL's size as it reports it (the file's size on SQLite): the same "how big is the data" figure.
    if (onPg) database.sizeBytes = Number((input.db().prepare('SELECT pg_database_size(current_database()) AS b').get() as { b: number }).b);
    migrations.applied = row.n;
    migrations.current = row.n === facts.available && (facts.latestWhen === null || Number(row.last) === facts.latestWhen);
    if (!migrations.current) problems.push(`migrations: ${row.n} applied, ${facts.available} shipped; restart to apply them`);
  } catch (error) {
    // The message only (an SQLite error such as "database is locked"), never a path or a stack.
    database.error = (error as Error).message;
    if (isBusyError(error)) database.locked = true;
    else problems.push('database: not reachable');
  }
  if (database.locked) {
    database.reachable = true;
    problems.push('database: locked by another process (a backup, a migration or a shell?); writes are waiting');
  }
  let mail: MailHealth | null = null;
  if (database.reachable) {
    try {
      const read = readMailHealth(input.db(), input.smtp ?? false);
      mail = read.mail;
      problems.push(...read.problems);
    } catch {
      /* the outbox table comes with a migration; "migrations behind" is already reported */
    }
  }
  const tracking = { ...getTrackingHealth(), bufferMax: input.bufferMax };
  if (tracking.lastError) problems.push(`tracking: batch writes failing (${tracking.lastError}); ${tracking.buffered} event(s) waiting`);
  if (tracking.running && tracking.buffered >= input.bufferMax) problems.push('tracking: buffer full, new events are refused');
  const status: HealthStatus = !database.reachable ? 'down' : problems.length ? 'degraded' : 'ok';
  return { status, problems, version: facts.version, uptimeSeconds: Math.round(process.uptime()), database, migrations, tracking, mail, eventLoop: readEventLoop(), memory: readMemory() };
}

/**
 * /healthz: checkHealth after a short asynchronous look at the write lock (at most LOCK_PROBE_MS, other
 * requests served meanwhile), so a lock held by another process shows as degraded within a second.
 */
export async function checkHealthNow(input: HealthInputs): Promise<Health> {
  let writeLockFree: boolean | undefined;
  try {
    writeLockFree = await waitForWriteLock(input.db(), LOCK_PROBE_MS);
  } catch {
    // Cannot even open the database: checkHealth reports it as down.
  }
  return checkHealth(input, { writeLockFree });
}

// Our own tracking writer holds the lock for a few ms per batch: a probe this long never mistakes it for a stuck lock.
const LOCK_PROBE_MS = 300;

function readEventLoop(): Health['eventLoop'] {
  const readLoop = (globalThis as { [key: symbol]: unknown })[Symbol.for('jisou.eventLoop.read')];
  return typeof readLoop === 'function' ? (readLoop as () => Health['eventLoop'])() : null;
}

function readMemory(): Health['memory'] {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 104857.6) / 10;
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), arrayBuffersMb: mb(m.arrayBuffers) };
}
