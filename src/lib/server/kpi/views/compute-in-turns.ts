// The dashboards and the tracking ingest share one event loop. A page computed in one go keeps beats
// waiting for its whole length (tens of milliseconds at a million events); computed part by part, each in
// its own turn, the beats that arrived meanwhile are answered between the parts.
import { preloadClosedDays } from '../daily-facts.ts';
import type { KpiContext } from '../kpi-context.ts';
import { nextTurn } from '../next-turn.ts';

type Parts = Record<string, () => unknown>;
type Results<T extends Parts> = { [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Evaluate each part in its own turn of the event loop, in order; the result has the same keys. The
 * rollup days the process does not hold yet are loaded first, a few per turn as well.
 */
export async function computeInTurns<T extends Parts>(ctx: KpiContext, parts: T): Promise<Results<T>> {
  await preloadClosedDays(ctx);
  const out: Partial<Results<T>> = {};
  for (const key of Object.keys(parts) as (keyof T)[]) {
    await nextTurn();
    out[key] = (await parts[key]!()) as Results<T>[typeof key];
  }
  return out as Results<T>;
}
