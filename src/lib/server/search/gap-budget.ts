import type { Db } from '../../../../db/client.ts';
import { normalizeQuery } from '../../client/search-terms.ts';
import { getConfig } from '../config.ts';
import { recordGap, type RecordGapResult } from './gaps.ts';

/** Most clients remembered in a day; beyond, the least recently seen are forgotten (they start afresh). */
const MAX_CLIENTS = 50_000;

export type GapAdmission = { admit: true } | { admit: false; repeat: true } | { admit: false; repeat: false; retryAfterSeconds: number };

/** 32-bit FNV-1a: a client's queries are kept as numbers, so 50,000 clients fit in a few MB. */
function hashQuery(query: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < query.length; i++) {
    h ^= query.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The per-client budget of `/api/search/gaps`: a client (a signed-in person, else an address) counts a
 * query at most once a day and at most `perDay` different queries a day, so no single client can fill
 * the day's DAILY_GAP_ROWS or decide what tops /manage/search-gaps. Days are UTC, like the gap rows.
 * In-process state (issue 19 moves shared limits into the database for several instances).
 */
export function createGapBudget(perDay: number) {
  let day = '';
  const clients = new Map<string, Set<number>>();

  function queriesOf(client: string, now: Date): Set<number> | undefined {
    const today = now.toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      clients.clear();
    }
    return clients.get(client);
  }

  return {
    /** May this client's query be counted now? Changes nothing: call `note` once it was. */
    admit(client: string, rawQuery: string, now = new Date()): GapAdmission {
      const seen = queriesOf(client, now);
      if (seen?.has(hashQuery(normalizeQuery(rawQuery)))) return { admit: false, repeat: true };
      if (perDay > 0 && (seen?.size ?? 0) >= perDay) {
        const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
        return { admit: false, repeat: false, retryAfterSeconds: Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)) };
      }
      return { admit: true };
    },
    /** Remember that this client's query was counted today. */
    note(client: string, rawQuery: string, now = new Date()): void {
      const seen = queriesOf(client, now) ?? new Set<number>();
      seen.add(hashQuery(normalizeQuery(rawQuery)));
      clients.delete(client); // re-insert: oldest first, so a flood of new clients forgets the idle ones
      clients.set(client, seen);
      if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value!);
    },
  };
}

let shared: ReturnType<typeof createGapBudget> | undefined;

export type ClientGapResult = RecordGapResult | { recorded: false; reason: 'repeat' } | { recorded: false; reason: 'limited'; retryAfterSeconds: number };

/** Count one empty search for `client`, within its budget (JISOU_SEARCH_GAPS_PER_CLIENT_DAY). */
export function recordClientGap(db: Db, client: string, rawQuery: string, tier: string, now = new Date()): ClientGapResult {
  shared ??= createGapBudget(getConfig().JISOU_SEARCH_GAPS_PER_CLIENT_DAY);
  const admission = shared.admit(client, rawQuery, now);
  if (!admission.admit) return admission.repeat ? { recorded: false, reason: 'repeat' } : { recorded: false, reason: 'limited', retryAfterSeconds: admission.retryAfterSeconds };
  const result = recordGap(db, rawQuery, tier, now);
  if (result.recorded) shared.note(client, rawQuery, now);
  return result;
}
