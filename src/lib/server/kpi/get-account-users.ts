import { readDailyFactsUntil } from './daily-facts.ts';
import { prepared, type KpiContext } from './kpi-context.ts';

export interface AccountUserRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  viewingMs: number;
  lastActiveDay: string | null;
  /** Items opened at least once (ever). */
  itemsViewed: number;
  itemsCompleted: number;
  itemsEngaged: number;
  /** Highest pyramid level of which the person has opened at least one item. */
  highestLevel: number;
}

const USERS_SQL = `SELECT u.id AS userId, u.name, u.email, u.role FROM users u
  WHERE u.account_id = ? AND u.disabled_at IS NULL AND u.role IN ('customer', 'customer-admin') ORDER BY u.name, u.id`;
const PROGRESS_SQL = `SELECT p.user_id AS userId, p.content_key AS key, p.first_view_at AS viewAt, p.completed_at AS completedAt,
  p.first_engaged_at AS engagedAt FROM tracking_progress p WHERE p.account_id = ?`;

/** The people of one account and their progress (the account page and the /team view). */
export function getAccountUsers(ctx: KpiContext, accountId: string): AccountUserRow[] {
  const viewing = readUserViewing(ctx, accountId);
  const progress = prepared(ctx.db, PROGRESS_SQL).all(accountId) as { userId: string; key: string; viewAt: number | null; completedAt: number | null; engagedAt: number | null }[];
  return (prepared(ctx.db, USERS_SQL).all(accountId) as { userId: string; name: string; email: string; role: string }[]).map((u) => {
    const mine = progress.filter((r) => r.userId === u.userId && ctx.content.byKey.has(r.key));
    const viewed = mine.filter((r) => r.viewAt !== null);
    return {
      ...u, viewingMs: viewing.get(u.userId)?.viewingMs ?? 0, lastActiveDay: viewing.get(u.userId)?.lastActiveDay ?? null,
      itemsViewed: viewed.length, itemsCompleted: mine.filter((r) => r.completedAt !== null).length, itemsEngaged: mine.filter((r) => r.engagedAt !== null).length,
      highestLevel: viewed.reduce((m, r) => Math.max(m, ctx.content.byKey.get(r.key)!.level), 0),
    };
  });
}

/** Per person of the account: viewing time in the period and the last day with viewing time (all history). */
function readUserViewing(ctx: KpiContext, accountId: string): Map<string, { viewingMs: number; lastActiveDay: string | null }> {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFactsUntil(ctx, p.to);
  const only = ids.accounts.find(accountId);
  const out = new Map<string, { viewingMs: number; lastActiveDay: string | null }>();
  if (only < 0) return out;
  for (const f of days) {
    for (let i = 0; i < f.length; i++) {
      if (f.account[i] !== only) continue;
      const id = ids.users.names[f.user[i]!]!;
      let v = out.get(id);
      if (!v) out.set(id, (v = { viewingMs: 0, lastActiveDay: null }));
      if (f.day >= p.from) v.viewingMs += f.viewingMs[i]!;
      if (f.active[i]) v.lastActiveDay = f.day;
    }
  }
  return out;
}
