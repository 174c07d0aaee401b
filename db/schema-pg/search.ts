import { bigint, index, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Searches that found nothing, counted per day as content gaps for authors. No person, account,
 * session or address is stored: only the normalised query text, the audience tier set of the
 * searcher (e.g. `public`, `public+customers`, `staff`) and the UTC day.
 */
export const searchGaps = pgTable(
  'search_gaps',
  {
    day: text('day').notNull(),
    query: text('query').notNull(),
    tier: text('tier').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.day, t.query, t.tier] }), index('search_gaps_day_idx').on(t.day)],
);

/** The per-client budget of `/api/search/gaps`: the twin of db/schema/search.ts. */
export const searchGapClients = pgTable(
  'search_gap_clients',
  {
    day: text('day').notNull(),
    client: text('client').notNull(),
    queryHash: bigint('query_hash', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.client, t.queryHash] })],
);
