import { and, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../../../../db/client.ts';
import { mailLease } from '../../../../db/schema/index.ts';

const LEASE = 'outbox';

/** Long enough to cover one SMTP conversation (the transport's timeouts are shorter), renewed per message. */
export const LEASE_MS = 60_000;

/** A holder name for this process: `<host>:<pid>:<random>`. */
export function newLeaseHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Is the holder a process on this machine that no longer runs? Then its lease can be taken at once instead
 * of after it expires: after `kill -9`, a restart delivers right away. On another host only expiry counts.
 */
function isDeadHere(holder: string, self: string): boolean {
  const [host, pidText] = holder.split(':');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Same pid, other holder: an earlier run of this very pid (a container restarted as pid 1).
  if (pid === process.pid) return holder !== self;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(pid);
}

/**
 * A killed process whose parent died too (the supervisor and its worker after `kill -9`) is reparented to
 * pid 1, and in a container pid 1 may never reap it: signal 0 still reaches the zombie. Linux says so in
 * /proc; elsewhere the lease simply expires.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export type LeaseResult = { held: true; takenOver: boolean } | { held: false; holder: string; expiresAt: number };

/**
 * Take or renew a lease (`outbox` for the sender; `engage` for the scheduled engage jobs).
 * Take or renew the sender lease. Only its holder sends, so several processes on one database (two
 * servers, a server and a cron `engage run-once`) never deliver the same mail at once. `BEGIN IMMEDIATE`
 * makes read-and-take one step across processes. The common answers (someone else holds it; we hold it
 * with more than half its time left) are plain reads: an idle sender polling every few seconds never takes
 * the write lock, which page requests wait for only briefly (DATABASE_BUSY_TIMEOUT_MS).
 */
export function acquireLease(db: Db, holder: string, now = Date.now(), name = LEASE): LeaseResult {
  const seen = db.select().from(mailLease).where(eq(mailLease.name, name)).get();
  if (seen && seen.holder !== holder && seen.expiresAt > now && !isDeadHere(seen.holder, holder)) return { held: false, holder: seen.holder, expiresAt: seen.expiresAt };
  if (seen && seen.holder === holder && seen.expiresAt - now > LEASE_MS / 2) return { held: true, takenOver: false };
  return db.transaction(
    () => {
      const row = db.select().from(mailLease).where(eq(mailLease.name, name)).get();
      if (row && row.holder !== holder && row.expiresAt > now && !isDeadHere(row.holder, holder)) return { held: false as const, holder: row.holder, expiresAt: row.expiresAt };
      db.insert(mailLease)
        .values({ name, holder, expiresAt: now + LEASE_MS })
        .onConflictDoUpdate({ target: mailLease.name, set: { holder, expiresAt: now + LEASE_MS } })
        .run();
      return { held: true as const, takenOver: Boolean(row && row.holder !== holder) };
    },
    { behavior: 'immediate' },
  );
}

/** Give the lease up (clean shutdown, end of run-once) so the next sender need not wait for it to expire. */
export function releaseLease(db: Db, holder: string, name?: string): void {
  db.update(mailLease).set({ expiresAt: 0 }).where(name ? and(eq(mailLease.holder, holder), eq(mailLease.name, name)) : eq(mailLease.holder, holder)).run();
}

export function readLease(db: Db, name = LEASE): { holder: string; expiresAt: number } | null {
  return db.select({ holder: mailLease.holder, expiresAt: mailLease.expiresAt }).from(mailLease).where(eq(mailLease.name, name)).get() ?? null;
}
