import { endOfDay, tallyMeantItems } from './awareness-pairs.ts';
import { DistinctCount, readOverClosedDays, type DayFacts } from './daily-facts.ts';
import { accountsOf, memo, peopleByAccount, type AccountRow, type KpiContext } from './kpi-context.ts';
import type { KpiItem } from './kpi-content.ts';
import { addDays } from './period.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';
import { identityOf } from './account-state-epoch.ts';
import { CORE_TYPES } from '../tracking/pyramid.ts';

/** The measured facts about one account that stage, health score and alerts are computed from. */
export interface AccountFacts extends AccountRow {
  people: number;
  /** Last day with viewing time (reporting time zone), or null when never active. */
  lastActiveDay: string | null;
  viewingMs: number;
  previousMs: number;
  /** Viewing time of the 14 days up to the end of the period (onboarding alert). */
  last14Ms: number;
  /** People with viewing time in the 30 days up to the end of the period. */
  activeUsers30: number;
  /** Per level 1–5: core items meant for the account and those somebody in it covered (engaged with). */
  levels: { level: number; meantFor: number; viewed: number }[];
  /** Share of the content meant for the account that it knows, percent (null when nothing is meant for it). */
  awarenessPercent: number | null;
}

/** Facts per account, as of the end of the current period. */
export function getAccountFacts(ctx: KpiContext, accountId?: string): AccountFacts[] {
  return memo(ctx, `facts-${accountId ?? ''}`, () => readFacts(ctx, accountId));
}

function readFacts(ctx: KpiContext, accountId?: string): AccountFacts[] {
  const viewing = readViewingShared(ctx);
  const people = peopleByAccount(ctx);
  const tallies = readAwarenessTallies(ctx, accountId);
  return accountsOf(ctx, accountId).map((a) => {
    const v = viewing.get(a.id);
    const { meantFor, known, levels } = tallies.get(a.id)!;
    return {
      ...a, people: people.get(a.id) ?? 0, lastActiveDay: v?.lastActiveDay ?? null, viewingMs: v?.viewingMs ?? 0, previousMs: v?.previousMs ?? 0,
      last14Ms: v?.last14Ms ?? 0, activeUsers30: v?.users30.count ?? 0, levels, awarenessPercent: meantFor ? (known / meantFor) * 100 : null,
    };
  });
}

/**
 * The two passes over tracking (every rollup row of the history; every awareness row), shared with the
 * requests just before as the reads they are built from are (see reuse-recent-read.ts). A change to an
 * account's state (a tick, an answer, a mark) re-evaluates every account, and these passes were most of that
 * cost; they read no account state but the accounts' audience (segment, plan), which is in their scope.
 */
function readViewingShared(ctx: KpiContext): Map<string, ViewingFacts> {
  const { current, previous } = ctx.periods;
  const to = current.to;
  const d = { from: current.from, to, prevFrom: previous.from, prevTo: previous.to, from14: addDays(to, -13), from30: addDays(to, -29) };
  return reuseRecentRead(ctx, 'account-facts-viewing', () => readViewing(ctx, d), JSON.stringify(d));
}

interface AwarenessTally {
  meantFor: number;
  known: number;
  levels: { level: number; meantFor: number; viewed: number }[];
}

function readAwarenessTallies(ctx: KpiContext, accountId?: string): Map<string, AwarenessTally> {
  const asOf = endOfDay(ctx, ctx.periods.current.to);
  if (accountId !== undefined) return tallyAwareness(ctx, asOf, accountId);
  // Who each item is meant for follows the accounts' segment and plan: the list of them is the scope.
  const audience = accountsOf(ctx).map((a) => `${a.id}\u0001${a.segment}\u0001${a.plan}`).join('\u0002');
  return reuseRecentRead(ctx, 'account-facts-awareness', () => tallyAwareness(ctx, asOf), `${identityOf(ctx.content)}|${asOf}|${audience}`);
}

/** Per account id: the items meant for it, those it knows, and per level the core items it covered. */
function tallyAwareness(ctx: KpiContext, asOf: number, accountId?: string): Map<string, AwarenessTally> {
  const init = (meant: readonly KpiItem[]) => {
    const pyramid = meant.filter((i) => CORE_TYPES.includes(i.type));
    const perLevel = [1, 2, 3, 4, 5].map((level) => pyramid.filter((i) => i.level === level).length);
    return (): AwarenessTally => ({ meantFor: meant.length, known: 0, levels: perLevel.map((meantFor, l) => ({ level: l + 1, meantFor, viewed: 0 })) });
  };
  const tallies = tallyMeantItems(ctx, asOf, accountId, init, (t, item, p) => {
    if (p.awareAt < asOf) t.known += 1;
    if (!CORE_TYPES.includes(item.type)) return;
    if (p.engagedAt != null && p.engagedAt < asOf) t.levels[item.level - 1]!.viewed += 1;
  }, 'account-facts');
  return new Map(tallies.map(({ account, tally }) => [account.id, tally]));
}

interface ViewingFacts {
  viewingMs: number;
  previousMs: number;
  last14Ms: number;
  users30: DistinctCount;
  lastActiveDay: string | null;
}

type ViewingDays = { from: string; to: string; prevFrom: string; prevTo: string; from14: string; from30: string };

/**
 * Viewing figures per account id: the period, the previous one, the last 14 and 30 days, the last active day.
 * The closed days' part is kept (readOverClosedDays); each read adds the open days to copies of the accounts
 * active in them.
 */
function readViewing(ctx: KpiContext, d: ViewingDays): Map<string, ViewingFacts> {
  return readOverClosedDays(ctx, 'account-facts-viewing', JSON.stringify(d), d.to,
    (_ids, closed) => addViewing(new Map(), closed, d, false),
    (kept, ids, open) => {
      const byNumber = open.length ? addViewing(new Map(kept), open, d, true) : kept;
      return new Map([...byNumber].map(([n, v]) => [ids.accounts.names[n]!, v]));
    },
  );
}

/** Adds the days' rows to the figures by account number; with `copyFirst`, an account's figures are copied before they change. */
function addViewing(byNumber: Map<number, ViewingFacts>, days: DayFacts[], d: ViewingDays, copyFirst: boolean): Map<number, ViewingFacts> {
  const start = d.prevFrom < d.from30 ? d.prevFrom : d.from30;
  const copied = new Set<number>();
  for (const f of days) {
    const inPeriod = f.day >= d.from && f.day <= d.to;
    const inPrevious = f.day >= d.prevFrom && f.day <= d.prevTo;
    for (let i = 0; i < f.length; i++) {
      const n = f.account[i]!;
      let v = byNumber.get(n);
      if (copyFirst && v && !copied.has(n)) byNumber.set(n, (v = { ...v, users30: v.users30.copy() }));
      if (!v) byNumber.set(n, (v = { viewingMs: 0, previousMs: 0, last14Ms: 0, users30: new DistinctCount(), lastActiveDay: null }));
      if (copyFirst) copied.add(n);
      // Days come in ascending order, so a later active day replaces the one before.
      if (f.active[i]) v.lastActiveDay = f.day;
      if (f.day < start) continue;
      const ms = f.viewingMs[i]!;
      if (inPeriod) v.viewingMs += ms;
      if (inPrevious) v.previousMs += ms;
      if (f.day >= d.from14) v.last14Ms += ms;
      if (f.day >= d.from30 && f.active[i]) v.users30.add(f.user[i]!);
    }
  }
  return byNumber;
}
