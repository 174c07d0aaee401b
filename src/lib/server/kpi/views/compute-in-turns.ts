// The dashboards and the tracking ingest share one event loop. A page computed in one go keeps beats
// waiting for its whole length (tens of milliseconds at a million events); computed part by part, each in
// its own turn, the beats that arrived meanwhile are answered between the parts.

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Parts = Record<string, () => unknown>;
type Results<T extends Parts> = { [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** Evaluate each part in its own turn of the event loop, in order; the result has the same keys. */
export async function computeInTurns<T extends Parts>(parts: T): Promise<Results<T>> {
  const out: Partial<Results<T>> = {};
  for (const key of Object.keys(parts) as (keyof T)[]) {
    await nextTurn();
    out[key] = (await parts[key]!()) as Results<T>[typeof key];
  }
  return out as Results<T>;
}
