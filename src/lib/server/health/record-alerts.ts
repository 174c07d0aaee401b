import { dialectOf } from '../db/dialect.ts';
import type Database from 'better-sqlite3';
import type { KpiSettings } from '../../../schemas/kpi-config.ts';
import type { EvaluatedAccount } from './evaluate-accounts.ts';
import { sendWebhook } from './send-webhook.ts';

export interface StartedAlert {
  id: number;
  accountId: string;
  accountName: string;
  kind: string;
  params: Record<string, number>;
}

export interface StoredAlert {
  id: number;
  accountId: string;
  kind: string;
  startedAt: number;
  endedAt: number | null;
  params: string;
  webhookState: string;
  webhookAttempts: number;
  webhookError: string | null;
}

/**
 * Compare the alerts firing now with the open ones in SQLite: new ones are opened (and returned, to be
 * announced once), ones no longer firing are closed. One transaction, so two app instances evaluating
 * at the same time cannot both open the same alert: SQLite has one writer at a time; PostgreSQL lets two
 * transactions read "no open alert" together, so there the transaction first takes a lock of its own
 * (held until it ends) and the second instance reads what the first wrote.
 */
export function recordAlerts(db: Database.Database, accounts: EvaluatedAccount[], settings: KpiSettings, now = Date.now()): StartedAlert[] {
  const open = db.prepare(`SELECT id, account_id AS accountId, kind FROM kpi_alerts WHERE ended_at IS NULL`);
  // RETURNING id: PostgreSQL reports the new id only through it (SQLite also sets lastInsertRowid without).
  const insert = db.prepare(`INSERT INTO kpi_alerts (account_id, kind, started_at, params, webhook_state) VALUES (?, ?, ?, ?, ?) RETURNING id`);
  const lock = dialectOf(db) === 'pg' ? db.prepare(`SELECT pg_advisory_xact_lock(hashtext('jisou.kpi_alerts'))`) : undefined;
  const close = db.prepare(`UPDATE kpi_alerts SET ended_at = ? WHERE id = ?`);
  return db.transaction(() => {
    lock?.get();
    const existing = new Map((open.all() as { id: number; accountId: string; kind: string }[]).map((r) => [`${r.accountId}\u0000${r.kind}`, r.id]));
    const firing = new Set<string>();
    const started: StartedAlert[] = [];
    for (const a of accounts) {
      for (const alert of a.alerts) {
        const k = `${a.id}\u0000${alert.kind}`;
        firing.add(k);
        if (existing.has(k)) continue;
        const info = insert.run(a.id, alert.kind, now, JSON.stringify(alert.params), settings.webhook ? 'pending' : 'off');
        started.push({ id: Number(info.lastInsertRowid), accountId: a.id, accountName: a.name, kind: alert.kind, params: alert.params });
      }
    }
    const evaluated = new Set(accounts.map((a) => a.id));
    for (const [k, id] of existing) if (evaluated.has(k.split('\u0000')[0]!) && !firing.has(k)) close.run(now, id);
    return started;
  })();
}

/** Send one webhook per started alert (in the background of the request that noticed it). */
export async function announceAlerts(db: Database.Database, started: StartedAlert[], settings: KpiSettings): Promise<void> {
  if (!settings.webhook || started.length === 0) return;
  const update = db.prepare(`UPDATE kpi_alerts SET webhook_state = ?, webhook_attempts = ?, webhook_error = ? WHERE id = ?`);
  for (const s of started) {
    const body = { event: 'alert.started', alert: { id: s.id, kind: s.kind, account: { id: s.accountId, name: s.accountName }, params: s.params } };
    const r = await sendWebhook(body, settings.webhook);
    update.run(r.ok ? 'sent' : 'failed', r.attempts, r.ok ? null : r.error, s.id);
    if (!r.ok) console.error(`[kpi] alert webhook for ${s.kind} of ${s.accountId} failed after ${r.attempts} attempts: ${r.error}`);
  }
}

export function listStoredAlerts(db: Database.Database, limit = 500): StoredAlert[] {
  return db
    .prepare(`SELECT id, account_id AS accountId, kind, started_at AS startedAt, ended_at AS endedAt, params, webhook_state AS webhookState,
      webhook_attempts AS webhookAttempts, webhook_error AS webhookError FROM kpi_alerts ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(limit) as StoredAlert[];
}
