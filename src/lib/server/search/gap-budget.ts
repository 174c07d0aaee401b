import { and, count, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { searchGapClients } from '../../../../db/schema/search.ts';
import { normalizeQuery } from '../../client/search-terms.ts';
import { getConfig } from '../config.ts';
import { recordGap, type RecordGapResult } from './gaps.ts';

/**
 * Most (client, query) pairs remembered a day, all instances together; past it new pairs are not noted
 * (their queries may count again that day), so a flood from ever new addresses cannot fill the disk.
 */
const MAX_PAIRS_PER_DAY = 200_000;
/** The day's pair count is looked at once per this many notes (it is a scan of the day's rows). */
const COUNT_EVERY = 500;

export type GapAdmission = { admit: true } | { admit: false; repeat: true } | { admit: false; repeat: false; retryAfterSeconds: number };

/** 32-bit FNV-1a of the normalised query, stored as a signed 32-bit integer. */
function hashQuery(query: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < query.length; i++) {
    h ^= query.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The per-client budget of `/api/search/gaps`: a client (a signed-in person, else an address) counts a
 * query at most once a day and at most `perDay` different queries a day, so no single client can fill
 * the day's DAILY_GAP_ROWS or decide what tops /manage/search-gaps. Days are UTC, like the gap rows.
 * Kept in the database (search_gap_clients), so several app instances share one budget per client.
 */
export function createGapBudget(db: Db, perDay: number) {
  let prunedDay = '';
  let notes = 0;
  let full = false;

  function pruneIfNewDay(day: string): void {
    if (day === prunedDay) return;
    db.delete(searchGapClients).where(lt(searchGapClients.day, day)).run();
    prunedDay = day;
    full = false;
  }

  return {
    /** May this client's query be counted now? Changes nothing but yesterday's pairs: call `note` once it was. */
    admit(client: string, rawQuery: string, now = new Date()): GapAdmission {
      const day = dayOf(now);
      pruneIfNewDay(day);
      const hash = hashQuery(normalizeQuery(rawQuery));
      const mine = and(eq(searchGapClients.day, day), eq(searchGapClients.client, client));
      if (db.select({ h: searchGapClients.queryHash }).from(searchGapClients).where(and(mine, eq(searchGapClients.queryHash, hash))).get()) return { admit: false, repeat: true };
      if (perDay > 0 && (db.select({ n: count() }).from(searchGapClients).where(mine).get()?.n ?? 0) >= perDay) {
        const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
        return { admit: false, repeat: false, retryAfterSeconds: Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)) };
      }
      return { admit: true };
    },
    /** Remember that this client's query was counted today. */
    note(client: string, rawQuery: string, now = new Date()): void {
      const day = dayOf(now);
      if (notes++ % COUNT_EVERY === 0) full = (db.select({ n: count() }).from(searchGapClients).where(eq(searchGapClients.day, day)).get()?.n ?? 0) >= MAX_PAIRS_PER_DAY;
      if (full) return;
      db.insert(searchGapClients).values({ day, client, queryHash: hashQuery(normalizeQuery(rawQuery)) }).onConflictDoNothing().run();
    },
  };
}

const budgets = new WeakMap<Db, ReturnType<typeof createGapBudget>>();

export type ClientGapResult = RecordGapResult | { recorded: false; reason: 'repeat' } | { recorded: false; reason: 'limited'; retryAfterSeconds: number };

/** Count one empty search for `client`, within its budget (JISOU_SEARCH_GAPS_PER_CLIENT_DAY). */
export function recordClientGap(db: Db, client: string, rawQuery: string, tier: string, now = new Date()): ClientGapResult {
  let budget = budgets.get(db);
  if (!budget) budgets.set(db, (budget = createGapBudget(db, getConfig().JISOU_SEARCH_GAPS_PER_CLIENT_DAY)));
  const gaps = budget;
  // One IMMEDIATE transaction: two instances serving one client's requests at once can't both admit them.
  return db.transaction(
    (): ClientGapResult => {
      const admission = gaps.admit(client, rawQuery, now);
      if (!admission.admit) return admission.repeat ? { recorded: false, reason: 'repeat' } : { recorded: false, reason: 'limited', retryAfterSeconds: admission.retryAfterSeconds };
      const result = recordGap(db, rawQuery, tier, now);
      if (result.recorded) gaps.note(client, rawQuery, now);
      return result;
    },
    { behavior: 'immediate' },
  );
}
