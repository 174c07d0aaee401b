import type Database from 'better-sqlite3';
import { z } from 'zod';
import { ormOf } from '../kpi/kpi-context.ts';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { recordAudit } from '../accounts/audit.ts';
import { listRoadmapPlans } from './get-account-roadmaps.ts';

const input = z.object({ roadmap: z.string().max(64) });

export type SetRoadmapResult = { ok: true } | { ok: false; status: 400 | 404; code: string };

/** Staff choose the roadmap of an account (empty = back to the audience rule and the default); audited. */
export function setAccountRoadmap(db: Database.Database, content: KpiContent, staffUserId: string, accountId: string, fields: Record<string, string>, now = Date.now()): SetRoadmapResult {
  const parsed = input.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400, code: 'invalid' };
  if (!db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId)) return { ok: false, status: 404, code: 'unknown_account' };
  const key = parsed.data.roadmap;
  if (key && !listRoadmapPlans(content).some((p) => p.key === key)) return { ok: false, status: 400, code: 'unknown_roadmap' };
  db.transaction(() => {
    if (key) {
      db.prepare(`INSERT INTO account_roadmaps (account_id, roadmap_key, set_by, set_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (account_id) DO UPDATE SET roadmap_key = excluded.roadmap_key, set_by = excluded.set_by, set_at = excluded.set_at`).run(accountId, key, staffUserId, now);
    } else db.prepare('DELETE FROM account_roadmaps WHERE account_id = ?').run(accountId);
    recordAudit(ormOf(db), { userId: staffUserId, via: 'web' }, 'roadmap.override', { type: 'account', id: accountId }, { roadmap: key || null }, now);
  })();
  return { ok: true };
}
