// Dashboard caches with two app instances on one PostgreSQL database: what one instance keeps is read again
// once the other wrote (SQLite's data_version has no PostgreSQL twin; the WAL insert position is used), and an
// account change made through the other instance shows on the very next evaluation (the epoch triggers).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { evaluateAccounts, type EvaluatedAccount } from '../../src/lib/server/health/evaluate-accounts.ts';
import { listStoredAlerts, recordAlerts } from '../../src/lib/server/health/record-alerts.ts';
import { loadKpiContent } from '../../src/lib/server/kpi/kpi-content.ts';
import type { KpiContext } from '../../src/lib/server/kpi/kpi-context.ts';
import { getKpiSettings } from '../../src/lib/server/kpi/kpi-service.ts';
import { resolvePeriod } from '../../src/lib/server/kpi/period.ts';
import { REFRESH_MS, reuseRecentRead } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { createTestDatabase, ROOT } from '../support/pg-db.ts';

const content = loadKpiContent(ROOT);
const settings = getKpiSettings();
let first: Db;
let second: Db;

beforeAll(async () => {
  const url = await createTestDatabase(inject('pgUrl'), 'kpi_cache');
  first = openDatabase(url, ROOT);
  second = openDatabase(url, ROOT);
  const c = first.$client;
  c.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, created_at, updated_at) VALUES ('acme', 'acme', 'Acme', 'high', 'starter', '2026-01-01', 0, 0)`).run();
  c.prepare(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES ('u1', 'u1@acme.example', 'U One', 'customer', 'acme', 0, 0)`).run();
});
afterAll(() => {
  first?.$client.close();
  second?.$client.close();
});

const ctxOf = (db: Db): KpiContext => ({ db: db.$client, content, settings, periods: resolvePeriod({ period: '30' }, settings.timeZone, Date.now()) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dashboard caches across instances on PostgreSQL', () => {
  it('a kept read is read again once another instance wrote, and then kept', async () => {
    let reads = 0;
    const read = () => ++reads;
    expect(reuseRecentRead(ctxOf(first), 'instances', read)).toBe(1);
    second.$client.prepare(`UPDATE users SET last_sign_in_at = ? WHERE id = 'u1'`).run(Date.now());
    await sleep(REFRESH_MS + 200);
    expect(reuseRecentRead(ctxOf(first), 'instances', read)).toBe(2);
    // Within REFRESH_MS of that read it is kept (whatever else the cluster's housekeeping wrote meanwhile).
    expect(reuseRecentRead(ctxOf(first), 'instances', read)).toBe(2);
  });

  it("a sign-in written by the other instance shows in the account's evaluation once kept reads are due", async () => {
    const signin = () => evaluateAccounts(ctxOf(first)).find((a) => a.id === 'acme')!.health.components.find((c) => c.name === 'signin')!.value;
    // Forward in time, as the portal writes them: the later one is read without grouping every person again.
    second.$client.prepare(`UPDATE users SET last_sign_in_at = ? WHERE id = 'u1'`).run(Date.now() - 20 * 86_400_000);
    await sleep(REFRESH_MS + 200);
    expect(signin()).toBeLessThan(1);
    second.$client.prepare(`UPDATE users SET last_sign_in_at = ? WHERE id = 'u1'`).run(Date.now());
    await sleep(REFRESH_MS + 200);
    expect(signin()).toBe(1); // signed in today
  });

  it("an account change through the other instance shows on the next evaluation at once (the account state epoch)", () => {
    expect(evaluateAccounts(ctxOf(first)).find((a) => a.id === 'acme')!.name).toBe('Acme');
    second.$client.prepare(`UPDATE accounts SET name = 'Acme Renamed' WHERE id = 'acme'`).run();
    expect(evaluateAccounts(ctxOf(first)).find((a) => a.id === 'acme')!.name).toBe('Acme Renamed');
  });

  it('an alert opened through one instance is not opened again through the other, and carries its stored id', () => {
    const firing = [{ id: 'acme', name: 'Acme', alerts: [{ kind: 'dormant', params: { days: 40 } }] }] as unknown as EvaluatedAccount[];
    const started = recordAlerts(first.$client, firing, settings);
    expect(started).toHaveLength(1);
    expect(recordAlerts(second.$client, firing, settings)).toEqual([]);
    const stored = listStoredAlerts(second.$client).filter((a) => a.accountId === 'acme' && a.kind === 'dormant');
    expect(stored).toHaveLength(1);
    expect(started[0]!.id).toBe(stored[0]!.id);
    expect(started[0]!.id).toBeGreaterThan(0);
  });
});
