import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Searches that found nothing, counted per day as content gaps for authors. No person, account,
 * session or address is stored: only the normalised query text, the audience tier set of the
 * searcher (e.g. `public`, `public+customers`, `staff`) and the UTC day.
 */
export const searchGaps = sqliteTable(
  'search_gaps',
  {
    day: text('day').notNull(),
    query: text('query').notNull(),
    tier: text('tier').notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.day, t.query, t.tier] }), index('search_gaps_day_idx').on(t.day)],
);

/**
 * The per-client budget of `/api/search/gaps` (src/lib/server/search/gap-budget.ts), shared by every app
 * instance on this database: which queries (FNV-1a hashes of the normalised text) a client (`u:<user>` or
 * `ip:<address>`) counted on a UTC day. Earlier days are deleted when a new day begins.
 */
export const searchGapClients = sqliteTable(
  'search_gap_clients',
  {
    day: text('day').notNull(),
    client: text('client').notNull(),
    queryHash: integer('query_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.client, t.queryHash] })],
);
