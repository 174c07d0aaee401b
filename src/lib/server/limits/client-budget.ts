/**
 * Per-client budget (a token bucket): `perMinute` units a minute, in bursts of at most `capacity`.
 * Clients are whatever key the caller chooses (a signed-in person, a visitor's IP). A client whose
 * bucket is full again carries no information, so it is forgotten: memory follows the clients that
 * are spending right now, and comes back down after a flood.
 *
 * Held in the process (one per endpoint); with several app instances each holds its own (issue 19 moves
 * shared limits into the database).
 */
export class ClientBudget {
  readonly perMinute: number;
  readonly capacity: number;
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastPrune = 0;

  constructor(perMinute: number, capacity: number, maxClients = 100_000) {
    this.perMinute = perMinute;
    this.capacity = Math.max(1, capacity);
    this.perMs = perMinute / 60_000;
    this.maxClients = maxClients;
  }

  private level(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.capacity;
    return Math.min(this.capacity, b.tokens + Math.max(0, now - b.at) * this.perMs);
  }

  /** Whole seconds until `cost` units are there (at least 1); 0 when they are there now. */
  waitSeconds(key: string, cost: number, now = Date.now()): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const missing = Math.min(cost, this.capacity) - this.level(key, now);
    return missing <= 0 ? 0 : Math.max(1, Math.ceil(missing / this.perMs / 1000));
  }

  /** Spend `cost` units: 0 when spent, else the seconds to wait (nothing is spent then). */
  take(key: string, cost: number, now = Date.now()): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const wait = this.waitSeconds(key, cost, now);
    if (wait > 0) return wait;
    this.pruneIfDue(now);
    const tokens = this.level(key, now) - Math.min(cost, this.capacity);
    this.buckets.delete(key); // re-insert: the map stays ordered by last use, oldest first
    this.buckets.set(key, { tokens, at: now });
    // A flood from ever new addresses: forget the least recently active (they get a fresh bucket).
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }

  /** Clients currently remembered (spent part of their budget recently). */
  get size(): number {
    return this.buckets.size;
  }

  private pruneIfDue(now: number): void {
    if (now - this.lastPrune < 10_000) return;
    this.lastPrune = now;
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
  }
}
