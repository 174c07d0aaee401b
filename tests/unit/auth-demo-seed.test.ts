import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { prepareDemo } from '../../scripts/lib/prepare-demo.ts';

describe('demo seed', () => {
  it('seeds ≥30 accounts of 3–10 people across segments and plans, the same way every time, only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jisou-seed-'));
    try {
      const snapshot = async (name: string) => {
        const db = openDatabase(join(dir, name));
        const logins = await prepareDemo(db, Date.UTC(2026, 10, 22));
        await prepareDemo(db); // second start: nothing new
        const q = (sql: string) => db.$client.prepare(sql).all();
        const out = {
          logins: logins.map((l) => l.email),
          accounts: q('SELECT slug, name, segment, plan, contract_start FROM accounts ORDER BY slug'),
          people: q('SELECT email, name, role, account_id FROM users ORDER BY email'),
          sizes: q('SELECT min(c) AS min, max(c) AS max, count(*) AS n FROM (SELECT count(*) AS c FROM users WHERE account_id IS NOT NULL GROUP BY account_id)')[0],
          combos: q('SELECT DISTINCT segment, plan FROM accounts').length,
        };
        db.$client.close();
        return out;
      };
      const a = await snapshot('a.sqlite');
      const b = await snapshot('b.sqlite');
      expect(a).toEqual(b);
      expect(a.sizes).toMatchObject({ min: 3, max: 10 });
      expect((a.sizes as { n: number }).n).toBeGreaterThanOrEqual(30);
      expect(a.combos).toBe(9);
      expect(a.logins).toEqual(expect.arrayContaining(['admin@jisou.test', 'manager@jisou.test', 'author@jisou.test', 'user@acme.example', 'admin@acme.example', 'user@globex.example']));
      const acme = a.accounts.find((x) => (x as { slug: string }).slug === 'acme');
      expect(acme).toMatchObject({ segment: 'high', plan: 'enterprise' });
      expect(a.accounts.find((x) => (x as { slug: string }).slug === 'globex')).toMatchObject({ segment: 'tech', plan: 'starter' });
      expect(a.people).toContainEqual({ email: 'admin@acme.example', name: expect.any(String), role: 'customer-admin', account_id: 'acct-acme' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000); // seeding includes 90 days of demo activity (scripts/seed-activity.ts)
});
