/**
 * Per-client budget (a token bucket): `perMinute` units a minute, in bursts of at most `capacity`.
 * Clients are whatever key the caller chooses (a signed-in person, a visitor's IP). A client whose
 * bucket is full again carries no information, so it is forgotten: memory follows the clients that
 * are spending right now, and comes back down after a flood.
 *
 * Held in the process (one per endpoint), and shared with other app instances on the same database
 * through `drainSpent`/`settle`: the tracking ingest hands what its clients spent to the batch writer, which
 * adds it to the levels in tracking_client_budgets and answers the combined level (tracking/budget-sync.ts).
 */
export class ClientBudget {
  readonly perMinute: number;
  readonly capacity: number;
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastPrune = 0;
  /** Units spent per client since the last `drainSpent` (what the other instances have not heard of yet). */
  private spent = new Map<string, number>();

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
    this.spent.set(key, (this.spent.get(key) ?? 0) + Math.min(cost, this.capacity));
    this.buckets.delete(key); // re-insert: the map stays ordered by last use, oldest first
    this.buckets.set(key, { tokens, at: now });
    // A flood from ever new addresses: forget the least recently active (they get a fresh bucket).
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }

  /** What each client spent since the last call (and forget it: the caller passes it on). */
  drainSpent(): Map<string, number> {
    const out = this.spent;
    this.spent = new Map();
    return out;
  }

  /** Put back spending a failed hand-over did not pass on (it is sent with the next one). */
  restoreSpent(spent: Map<string, number>): void {
    for (const [key, units] of spent) this.spent.set(key, (this.spent.get(key) ?? 0) + units);
  }

  /**
   * Take over a client's level as all instances together left it at `at` (the database's answer to a
   * `drainSpent`); what this process spent since that drain is still to be passed on, so it is subtracted.
   */
  settle(key: string, tokens: number, at: number): void {
    if (!Number.isFinite(this.perMinute)) return;
    const level = tokens - (this.spent.get(key) ?? 0);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: level, at });
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
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
