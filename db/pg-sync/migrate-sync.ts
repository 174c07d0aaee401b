import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { SyncConnection } from './sync-connection.ts';

/**
 * drizzle's PostgreSQL migrator (the same journal table, `drizzle.__drizzle_migrations`, and the same rule:
 * apply what is newer than the last recorded migration, all in one transaction), run over the synchronous
 * connection so opening a database stays one synchronous call on both backends. `openPostgres` (db:copy)
 * and this agree on what was applied.
 */
export function migratePgSync(conn: SyncConnection, migrationsFolder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  conn.query('CREATE SCHEMA IF NOT EXISTS "drizzle"');
  conn.query('CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
  // Two instances starting together must not both apply the same migration: one waits for the other.
  conn.query('BEGIN');
  try {
    conn.query("SELECT pg_advisory_xact_lock(hashtext('jisou.migrate'))");
    const last = conn.query('SELECT created_at FROM "drizzle"."__drizzle_migrations" ORDER BY created_at DESC LIMIT 1').rows[0] as { created_at: number } | undefined;
    for (const m of migrations) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) conn.query(stmt);
      conn.query('INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)', [m.hash, m.folderMillis]);
    }
    conn.query('COMMIT');
  } catch (error) {
    conn.query('ROLLBACK');
    throw error;
  }
}
