import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Db } from '../../../../db/client.ts';
import { searchGaps } from '../../../../db/schema/search.ts';
import { normalizeQuery } from '../../client/search-terms.ts';

/** At most this many distinct gap rows per day; past it only existing rows are counted up. */
export const DAILY_GAP_ROWS = 2000;

export const gapInput = z
  .object({ query: z.string().max(200, { message: 'query must be at most 200 characters' }) })
  .strict();

export type RecordGapResult = { recorded: true } | { recorded: false; reason: 'empty' | 'daily-limit' };

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Count one search that returned nothing. Bounded: a flood adds at most DAILY_GAP_ROWS rows a day. */
export function recordGap(db: Db, rawQuery: string, tier: string, now = new Date()): RecordGapResult {
  const query = normalizeQuery(rawQuery);
  if (!query) return { recorded: false, reason: 'empty' };
  const day = today(now);
  return db.transaction((tx) => {
    const bumped = tx
      .update(searchGaps)
      .set({ count: sql`${searchGaps.count} + 1` })
      .where(and(eq(searchGaps.day, day), eq(searchGaps.query, query), eq(searchGaps.tier, tier)))
      .run();
    if (bumped.changes > 0) return { recorded: true } as const;
    const rows = tx.select({ n: count() }).from(searchGaps).where(eq(searchGaps.day, day)).get()?.n ?? 0;
    if (rows >= DAILY_GAP_ROWS) return { recorded: false, reason: 'daily-limit' } as const;
    tx.insert(searchGaps).values({ day, query, tier, count: 1 }).run();
    return { recorded: true } as const;
  });
}

export interface GapRow {
  query: string;
  tier: string;
  searches: number;
  days: number;
  lastDay: string;
}

/** Queries that found nothing in the last `days` days, most searched first. */
export function listGaps(db: Db, days = 30, now = new Date(), limit = 200): GapRow[] {
  const since = today(new Date(now.getTime() - (days - 1) * 86_400_000));
  return db
    .select({
      query: searchGaps.query,
      tier: searchGaps.tier,
      searches: sql<number>`sum(${searchGaps.count})`,
      days: sql<number>`count(*)`,
      lastDay: sql<string>`max(${searchGaps.day})`,
    })
    .from(searchGaps)
    .where(gte(searchGaps.day, since))
    .groupBy(searchGaps.query, searchGaps.tier)
    .orderBy(desc(sql`sum(${searchGaps.count})`), searchGaps.query)
    .limit(limit)
    .all();
}
