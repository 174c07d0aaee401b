import pg from 'pg';

/**
 * int8 (bigint) comes back from node-postgres as a string by default; our bigints are epoch ms and counters,
 * far below 2^53, and drizzle's `mode: 'number'` columns expect numbers. One setting for every PostgreSQL
 * client of the process: db:copy's pool (db/client-pg.ts) and the synchronous bridge's thread.
 */
export function readInt8AsNumber(): void {
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  });
}
