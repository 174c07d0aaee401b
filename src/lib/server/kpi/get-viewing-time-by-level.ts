import { LEVELS } from '../../../schemas/common.ts';
import { ALL_ACCOUNTS, DistinctCount, onlyAccount, readClosedDaysEpoch, readDailyFacts } from './daily-facts.ts';
import type { KpiContext } from './kpi-context.ts';
import { identityOf } from './account-state-epoch.ts';
import { reuseRecentRead } from './reuse-recent-read.ts';

export interface LevelViewingRow {
  level: number;
  items: number;
  viewingMs: number;
  views: number;
  people: number;
}

/** Viewing time per pyramid level (the level comes from each item's frontmatter; deleted items count nowhere). */
export function getViewingTimeByLevel(ctx: KpiContext, accountId?: string): LevelViewingRow[] {
  // Over all accounts shared with the requests just before (see reuse-recent-read.ts), as the per-item figures.
  const p = ctx.periods.current;
  if (accountId === undefined) return reuseRecentRead(ctx, 'viewing-by-level', () => sumByLevel(ctx), `${readClosedDaysEpoch(ctx)}|${identityOf(ctx.content)}|${p.from}|${p.to}`);
  return sumByLevel(ctx, accountId);
}

function sumByLevel(ctx: KpiContext, accountId?: string): LevelViewingRow[] {
  const p = ctx.periods.current;
  const { ids, days } = readDailyFacts(ctx, p.from, p.to);
  const only = onlyAccount(ids, accountId);
  const levelOf = ids.items.names.map((key) => ctx.content.byKey.get(key)?.level ?? 0);
  const sums = LEVELS.map(() => ({ viewingMs: 0, views: 0, people: new DistinctCount(ids.users.size) }));
  for (const f of days) {
    for (let i = 0; i < f.length; i++) {
      if (only !== ALL_ACCOUNTS && f.account[i] !== only) continue;
      const s = sums[levelOf[f.item[i]!]! - 1];
      if (!s) continue;
      s.viewingMs += f.viewingMs[i]!;
      s.views += f.views[i]!;
      if (f.active[i]) s.people.add(f.user[i]!);
    }
  }
  return LEVELS.map((level, n) => ({
    level, items: ctx.content.items.filter((i) => i.level === level).length, viewingMs: sums[n]!.viewingMs, views: sums[n]!.views, people: sums[n]!.people.count,
  }));
}
