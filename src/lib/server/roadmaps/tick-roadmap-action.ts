import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Viewer } from '../../access.ts';
import { ormOf } from '../kpi/kpi-context.ts';
import type { KpiContent } from '../kpi/kpi-content.ts';
import { recordAudit } from '../accounts/audit.ts';
import { getAccountRoadmaps } from './get-account-roadmaps.ts';
import type { RoadmapActor } from '../../../schemas/roadmap.ts';

const tickInput = z.object({
  account: z.string().min(1).max(100),
  action: z.string().min(1).max(64),
  intent: z.enum(['tick', 'untick']).default('tick'),
  note: z.string().trim().max(500, 'note_too_long').optional(),
});

export type TickResult = { ok: true; accountId: string } | { ok: false; status: 400 | 403 | 404 | 409; code: string };

/** May this person tick an action of this actor for this account? */
export function mayTick(viewer: Viewer, actor: RoadmapActor, account: { id: string; csmUserId: string | null }): boolean {
  if (viewer.role === 'customer' || viewer.role === 'customer-admin') {
    if (viewer.accountId !== account.id) return false;
    return actor === 'customer' || (actor === 'customer-admin' && viewer.role === 'customer-admin');
  }
  if (viewer.role === 'admin') return actor === 'csm' || actor === 'vendor';
  if (viewer.role === 'manager') return actor === 'vendor' || (actor === 'csm' && account.csmUserId === viewer.userId);
  return false;
}

/**
 * A person ticks (or unticks) a `confirm` action of the roadmap that applies to an account, with an optional
 * note; written with who and when, and to the audit log. Another account's action, or an actor the person
 * is not, is refused (403) and changes nothing.
 */
export function tickRoadmapAction(db: Database.Database, content: KpiContent, viewer: Viewer, fields: Record<string, string>, today: string, now = Date.now()): TickResult {
  const parsed = tickInput.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400, code: parsed.error.issues[0]?.message === 'note_too_long' ? 'note_too_long' : 'invalid' };
  const { account: accountId, action: actionId, intent, note } = parsed.data;
  // A customer may never learn whether another account exists: the same 403 either way.
  const customer = viewer.role === 'customer' || viewer.role === 'customer-admin';
  if (customer && viewer.accountId !== accountId) return { ok: false, status: 403, code: 'forbidden' };
  const account = db.prepare('SELECT id, csm_user_id AS csmUserId FROM accounts WHERE id = ? AND disabled_at IS NULL').get(accountId) as { id: string; csmUserId: string | null } | undefined;
  if (!account) return { ok: false, status: 404, code: 'unknown_account' };
  const current = getAccountRoadmaps(db, content, { today, accountId })[0];
  const action = current?.progress.stages.flatMap((s) => s.actions).find((a) => a.id === actionId);
  if (!current || !action) return { ok: false, status: 404, code: 'unknown_action' };
  if (!mayTick(viewer, action.actor, account)) return { ok: false, status: 403, code: 'wrong_actor' };
  if (action.done !== 'confirm') return { ok: false, status: 409, code: 'not_confirm' };
  const roadmapKey = current.progress.roadmapKey;
  const actor = { userId: viewer.userId, via: (customer ? 'self' : 'web') as 'self' | 'web' };
  db.transaction(() => {
    if (intent === 'untick') {
      db.prepare('DELETE FROM roadmap_progress WHERE account_id = ? AND roadmap_key = ? AND action_id = ?').run(accountId, roadmapKey, actionId);
    } else {
      db.prepare(`INSERT INTO roadmap_progress (account_id, roadmap_key, action_id, how, done_at, done_by, note) VALUES (?, ?, ?, 'confirm', ?, ?, ?)
        ON CONFLICT (account_id, roadmap_key, action_id) DO UPDATE SET done_at = excluded.done_at, done_by = excluded.done_by, note = excluded.note`)
        .run(accountId, roadmapKey, actionId, now, viewer.userId, note || null);
    }
    recordAudit(ormOf(db), actor, `roadmap.${intent}`, { type: 'account', id: accountId }, { roadmap: roadmapKey, action: actionId, ...(note ? { note } : {}) }, now);
  })();
  return { ok: true, accountId };
}
