import { describe, expect, it } from 'vitest';
import { ClientBudget } from '../../src/lib/server/limits/client-budget.ts';
import { resolve } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { createGapBudget } from '../../src/lib/server/search/gap-budget.ts';

describe('per-client budget', () => {
  it('allows a burst, then refills at its rate and says how long to wait', () => {
    const budget = new ClientBudget(60, 10); // one a second, bursts of 10
    for (let i = 0; i < 10; i++) expect(budget.take('a', 1, 0)).toBe(0);
    expect(budget.take('a', 1, 0)).toBe(1);
    expect(budget.take('a', 5, 0)).toBe(5);
    expect(budget.take('b', 10, 0)).toBe(0); // another client is untouched
    expect(budget.take('a', 3, 3000)).toBe(0);
    expect(budget.take('a', 1, 3000)).toBe(1);
  });

  it('forgets clients whose bucket is full again, so memory comes back down after a flood', () => {
    const budget = new ClientBudget(600, 100);
    for (let i = 0; i < 1000; i++) budget.take(`ip-${i}`, 50, 0);
    expect(budget.size).toBe(1000);
    budget.take('late', 1, 60_000); // refilled long ago: the next spend sweeps them
    expect(budget.size).toBe(1);
  });

  it('caps how many clients it remembers', () => {
    const budget = new ClientBudget(60, 10, 100);
    for (let i = 0; i < 1000; i++) budget.take(`ip-${i}`, 10, 0);
    expect(budget.size).toBe(100);
  });
});

describe('search-gap budget', () => {
  it('admits a query once per client a day and at most N different ones', () => {
    const db = openDatabase(':memory:', resolve(import.meta.dirname, '../..'));
    const gaps = createGapBudget(db, 2);
    // A second app instance on the same database shares the client's budget.
    const other = createGapBudget(db, 2);
    const day = new Date('2026-12-01T10:00:00Z');
    expect(gaps.admit('a', 'x', day)).toEqual({ admit: true });
    gaps.note('a', 'x', day);
    expect(gaps.admit('a', ' X ', day)).toEqual({ admit: false, repeat: true });
    other.note('a', 'y', day);
    expect(other.admit('a', 'x', day)).toEqual({ admit: false, repeat: true });
    expect(gaps.admit('a', 'z', day)).toEqual({ admit: false, repeat: false, retryAfterSeconds: 14 * 3600 });
    expect(gaps.admit('b', 'z', day)).toEqual({ admit: true });
    expect(gaps.admit('a', 'z', new Date('2026-12-02T00:00:01Z'))).toEqual({ admit: true });
  });
});
