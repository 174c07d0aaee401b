import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAccounts } from '../../src/lib/server/health/evaluate-accounts.ts';
import { listStoredAlerts, recordAlerts } from '../../src/lib/server/health/record-alerts.ts';
import { sendWebhook } from '../../src/lib/server/health/send-webhook.ts';
import { createApiToken, revokeApiToken, verifyApiToken } from '../../src/lib/server/kpi/api-tokens.ts';
import { csvCell, tableToCsv } from '../../src/lib/server/kpi/to-csv.ts';
import { buildTable } from '../../src/lib/server/kpi/kpi-tables.ts';
import { parseKpiQuery } from '../../src/schemas/kpi-query.ts';
import { createFixture, settings } from '../support/kpi-fixture.ts';

const f = createFixture();
afterAll(() => f.close());

describe('CSV export', () => {
  it('neutralises formula cells, quotes separators and starts with a BOM', () => {
    expect(csvCell('=SUM(A1)')).toBe(`'=SUM(A1)`);
    expect(csvCell('+81 3')).toBe(`'+81 3`);
    expect(csvCell('-1')).toBe(`'-1`);
    expect(csvCell('@cmd')).toBe(`'@cmd`);
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
    const labels: Record<string, string> = { 'dashboard.col.account': 'アカウント', 'auth.segment.high': 'ハイタッチ', 'auth.plan.enterprise': 'エンタープライズ' };
    const csv = tableToCsv(buildTable('viewing-accounts', f.ctx()), (k) => labels[k] ?? k);
    expect(csv.startsWith('\uFEFFアカウント,')).toBe(true);
    // Segment and plan by their labels (src/lib/labels.ts), as on the page.
    expect(csv.split('\r\n')[1]).toMatch(/^Alpha,ハイタッチ,エンタープライズ,15,40,-62\.5,2,2$/);
  });

  it('a table scoped to one account holds only that account', () => {
    const t = buildTable('awareness-accounts', f.ctx(), { accountId: 'beta' });
    expect(t.rows.map((r) => r.accountId)).toEqual(['beta']);
  });
});

describe('query parameters', () => {
  it('accepts the presets and custom periods, refuses nonsense with a reason', () => {
    expect(parseKpiQuery(new URLSearchParams('period=90'))).toMatchObject({ ok: true, query: { period: '90', bucket: 'day' } });
    expect(parseKpiQuery(new URLSearchParams('period=custom&from=2026-02-30&to=2026-03-01'))).toMatchObject({ ok: false, message: expect.stringContaining('calendar date') });
    expect(parseKpiQuery(new URLSearchParams('period=custom&from=2026-03-02&to=2026-03-01'))).toMatchObject({ ok: false, message: expect.stringContaining('after') });
    expect(parseKpiQuery(new URLSearchParams('period=custom&from=2024-01-01&to=2026-03-01'))).toMatchObject({ ok: false, message: expect.stringContaining('366') });
    expect(parseKpiQuery(new URLSearchParams('period=14'))).toMatchObject({ ok: false });
    expect(parseKpiQuery(new URLSearchParams('sort=1;drop'))).toMatchObject({ ok: false });
  });
});

describe('API tokens', () => {
  it('only the hash is stored; revoked or malformed tokens are refused', () => {
    const { id, token } = createApiToken(f.db.$client, 'BI');
    const stored = f.db.$client.prepare('SELECT token_hash FROM kpi_api_tokens WHERE id = ?').get(id) as { token_hash: string };
    expect(stored.token_hash).not.toContain(token.slice(3));
    expect(verifyApiToken(f.db.$client, `Bearer ${token}`)).toBe(id);
    expect(verifyApiToken(f.db.$client, `Bearer ${token}x`)).toBeNull();
    expect(verifyApiToken(f.db.$client, token)).toBeNull();
    revokeApiToken(f.db.$client, id);
    expect(verifyApiToken(f.db.$client, `Bearer ${token}`)).toBeNull();
  });
});

describe('alerts', () => {
  let server: Server;
  let url = '';
  const received: unknown[] = [];
  let failFirst = 2;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (failFirst-- > 0) {
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => server.close());

  it('the webhook is retried with exponential backoff until it is accepted', async () => {
    const waits: number[] = [];
    const r = await sendWebhook({ hello: 1 }, { url, attempts: 4, backoffMs: 10, sleep: async (ms) => void waits.push(ms) });
    expect(r).toEqual({ ok: true, attempts: 3 });
    expect(waits).toEqual([10, 20]);
    expect(received).toEqual([{ hello: 1 }]);
  });

  it('gives up after the configured attempts and says why', async () => {
    const r = await sendWebhook({}, { url: 'http://127.0.0.1:9/nothing', attempts: 2, backoffMs: 1 });
    expect(r.ok).toBe(false);
    expect(r.attempts).toBe(2);
  });

  it('each alert is recorded once when it starts and closed when it stops', () => {
    const ctx = f.ctx();
    const s = settings({ JISOU_KPI_ALERT_WEBHOOK_URL: url });
    const accounts = evaluateAccounts(ctx);
    const first = recordAlerts(f.db.$client, accounts, s, 1000);
    expect(first.map((a) => `${a.accountId}:${a.kind}`).sort()).toEqual(['alpha:drop', 'delta:dormant', 'gamma:onboarding-low']);
    expect(recordAlerts(f.db.$client, accounts, s, 2000)).toEqual([]);
    const calm = accounts.map((a) => (a.id === 'alpha' ? { ...a, alerts: [] } : a));
    recordAlerts(f.db.$client, calm, s, 3000);
    const stored = listStoredAlerts(f.db.$client);
    expect(stored.find((a) => a.accountId === 'alpha')).toMatchObject({ endedAt: 3000, webhookState: 'pending' });
    expect(stored.filter((a) => a.endedAt === null)).toHaveLength(2);
    expect(recordAlerts(f.db.$client, accounts, s, 4000).map((a) => a.accountId)).toEqual(['alpha']); // started again
  });
});
