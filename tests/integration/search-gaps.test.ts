import { describe, expect, inject, it } from 'vitest';
import { createPerson } from '../support/tracking.ts';
import { openTestDatabase } from '../support/test-database.ts';

const base = () => inject('baseUrl');
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base()}/api/search/gaps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base(), ...headers },
    body,
  });

describe('POST /api/search/gaps', () => {
  it('counts a query that found nothing, with no personal data', async () => {
    const res = await post(JSON.stringify({ query: '  存在しない機能ＸＹＺ ' }));
    expect(res.status).toBe(201);
    const db = openTestDatabase(inject('databasePath'));
    try {
      const rows = db.prepare("SELECT * FROM search_gaps WHERE query = '存在しない機能xyz'").all() as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      expect(Object.keys(rows[0]!).sort()).toEqual(['count', 'day', 'query', 'tier']);
      expect(rows[0]!.tier).toBe('public');
    } finally {
      db.close();
    }
  });

  it('refuses other origins, bad bodies and empty queries with a 4xx and stores nothing', async () => {
    expect((await post(JSON.stringify({ query: 'x' }), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('not json')).status).toBe(400);
    expect((await post(JSON.stringify({ query: 'x'.repeat(201) }))).status).toBe(400);
    expect((await post(JSON.stringify({ query: 'x', email: 'a@b.c' }))).status).toBe(400);
    expect((await post(JSON.stringify({ query: '   ' }))).status).toBe(400);
    expect((await post('x'.repeat(5000))).status).toBe(413);
    const db = openTestDatabase(inject('databasePath'));
    try {
      expect(db.prepare("SELECT count(*) AS n FROM search_gaps WHERE query IN ('x', '')").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('counts a query once per client a day and holds each client to its daily budget (429 + Retry-After)', async () => {
    const countOf = (query: string) => {
      const db = openTestDatabase(inject('databasePath'));
      try {
        return (db.prepare('SELECT sum(count) AS n FROM search_gaps WHERE query = ?').get(query) as { n: number | null }).n ?? 0;
      } finally {
        db.close();
      }
    };
    // One client repeating a query cannot push it up the list.
    const repeated = `repeated-gap-${Date.now()}`;
    expect((await post(JSON.stringify({ query: repeated }))).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await post(JSON.stringify({ query: ` ${repeated.toUpperCase()} ` }))).status).toBe(200);
    expect(countOf(repeated)).toBe(1);
    // A signed-in person is a client of their own: 20 different queries a day (the default), then 429.
    const person = createPerson(inject('databasePath'));
    const tag = Date.now().toString(36);
    for (let i = 0; i < 20; i++) expect((await post(JSON.stringify({ query: `budget-${tag}-${i}` }), { cookie: person.cookie })).status).toBe(201);
    const refused = await post(JSON.stringify({ query: `budget-${tag}-20` }), { cookie: person.cookie });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(countOf(`budget-${tag}-20`)).toBe(0);
    // Someone else is not affected, and the same query from them counts.
    const other = createPerson(inject('databasePath'));
    expect((await post(JSON.stringify({ query: `budget-${tag}-20` }), { cookie: other.cookie })).status).toBe(201);
    expect((await post(JSON.stringify({ query: repeated }), { cookie: other.cookie })).status).toBe(201);
    expect(countOf(repeated)).toBe(2);
  });

  it('keeps the content-gap page for staff only', async () => {
    const res = await fetch(`${base()}/manage/search-gaps`, { redirect: 'manual' });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });
});
