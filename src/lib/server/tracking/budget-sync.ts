import type Database from 'better-sqlite3';
import { manyRows } from './many-rows.ts';

/** What one client spent on this instance since its last batch: key, units, and its budget's rate and burst. */
export type BudgetSpend = [key: string, units: number, perMinute: number, capacity: number];
/** A client's level as all instances together left it, at `at`. */
export type BudgetLevel = [key: string, tokens: number, at: number];

const IDS_PER_READ = 200;

/**
 * Shared tracking budgets (tracking_client_budgets), run inside the batch writer's transaction: add each
 * client's spending to its stored level (refilled at its rate since it was stored) and answer the new
 * levels, which the ingest takes over (ClientBudget.settle). A person whose beats two instances serve thus
 * has one budget; between two batches (JISOU_TRACK_FLUSH_MS) an instance knows only its own spending.
 */
export function prepareBudgetSync(db: Database.Database) {
  const reads = new Map<number, Database.Statement>();
  const read = (keys: string[]) => {
    let stmt = reads.get(keys.length);
    if (!stmt) reads.set(keys.length, (stmt = db.prepare(`SELECT key, tokens, at FROM tracking_client_budgets WHERE key IN (${keys.map(() => '?').join(', ')})`)));
    return stmt.all(keys) as { key: string; tokens: number; at: number }[];
  };
  const upsert = manyRows(
    db,
    (values) => `INSERT INTO tracking_client_budgets (key, tokens, at, full_at) VALUES ${values}
     ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, full_at = excluded.full_at`,
    4,
    64,
    ['text', 'double precision', 'bigint', 'bigint'],
  );
  return (spends: BudgetSpend[], now: number): BudgetLevel[] => {
    if (spends.length === 0) return [];
    const stored = new Map<string, { tokens: number; at: number }>();
    for (let i = 0; i < spends.length; i += IDS_PER_READ) for (const r of read(spends.slice(i, i + IDS_PER_READ).map((s) => s[0]))) stored.set(r.key, r);
    const rows: unknown[] = [];
    const levels: BudgetLevel[] = [];
    for (const [key, units, perMinute, capacity] of spends) {
      const perMs = perMinute / 60_000;
      const old = stored.get(key);
      const level = old ? Math.min(capacity, old.tokens + Math.max(0, now - old.at) * perMs) : capacity;
      // Never below one burst in debt: instances that each let a burst through don't lock a client out for long.
      const tokens = Math.max(-capacity, level - units);
      rows.push(key, tokens, now, now + Math.ceil((capacity - tokens) / perMs));
      levels.push([key, tokens, now]);
    }
    upsert(rows);
    return levels;
  };
}

