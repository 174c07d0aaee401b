import { evaluateAccounts, type EvaluatedAccount } from '../../health/evaluate-accounts.ts';
import { getAccountTimeline } from '../get-account-timeline.ts';
import { getAccountUsers } from '../get-account-users.ts';
import { accountHref, ms2min, type TableBuilder } from './table-types.ts';
import { LABELS } from '../../../labels.ts';

/** Roadmap position columns: stage reached as "2/4" (or "4/4 ✓" when finished), % of actions done, actions overdue. */
function roadmapColumns(a: EvaluatedAccount): { roadmapStage: string | null; roadmapPercent: number | null; roadmapOverdue: number | null } {
  const p = a.roadmap?.progress;
  if (!p) return { roadmapStage: null, roadmapPercent: null, roadmapOverdue: null };
  const n = p.stages.length;
  return { roadmapStage: p.currentStage >= n ? `${n}/${n} ✓` : `${p.currentStage + 1}/${n}`, roadmapPercent: p.percent, roadmapOverdue: p.overdue.length };
}

export const accountTables: Record<string, TableBuilder> = {
  accounts: (ctx, scope) => ({
    id: 'accounts', title: 'dashboard.table.accounts',
    columns: [
      { key: 'name', label: 'dashboard.col.account', format: 'text', href: accountHref },
      { key: 'segment', label: 'dashboard.col.segment', format: 'text', translate: LABELS.segment },
      { key: 'plan', label: 'dashboard.col.plan', format: 'text', translate: LABELS.plan },
      { key: 'csm', label: 'dashboard.col.csm', format: 'text' },
      { key: 'lastActiveDay', label: 'dashboard.col.lastActive', format: 'day' },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'pyramidPosition', label: 'dashboard.col.pyramid', format: 'int' },
      { key: 'stage', label: 'dashboard.col.stage', format: 'text', translate: 'dashboard.stage' },
      { key: 'roadmapStage', label: 'dashboard.col.roadmapStage', format: 'text' },
      { key: 'roadmapPercent', label: 'dashboard.col.roadmapPercent', format: 'int' },
      { key: 'roadmapOverdue', label: 'dashboard.col.roadmapOverdue', format: 'int' },
      { key: 'health', label: 'dashboard.col.health', format: 'int' },
      { key: 'alerts', label: 'dashboard.col.alerts', format: 'text' },
    ],
    rows: evaluateAccounts(ctx).map((a) => ({
      accountId: a.id, name: a.name, segment: a.segment, plan: a.plan, csm: a.csmName, lastActiveDay: a.lastActiveDay, viewingMinutes: ms2min(a.viewingMs),
      pyramidPosition: a.pyramidPosition, stage: a.stage.stage, ...roadmapColumns(a), health: a.health.score, alerts: a.alerts.map((x) => (scope.t ? scope.t(`dashboard.alert.kind.${x.kind}`) : x.kind)).join(scope.t ? '、' : ' '),
    })),
    defaultSort: { key: 'health', dir: 'asc' },
  }),
  alerts: (ctx, scope) => ({
    id: 'alerts', title: 'dashboard.table.alerts',
    columns: [
      { key: 'name', label: 'dashboard.col.account', format: 'text', href: accountHref },
      { key: 'kind', label: 'dashboard.col.alert', format: 'text', translate: 'dashboard.alert.kind' },
      { key: 'reason', label: 'dashboard.col.reason', format: 'text' },
      { key: 'stage', label: 'dashboard.col.stage', format: 'text', translate: 'dashboard.stage' },
      { key: 'health', label: 'dashboard.col.health', format: 'int' },
    ],
    rows: evaluateAccounts(ctx).flatMap((a) =>
      a.alerts.map((x) => ({ accountId: a.id, name: a.name, kind: x.kind, reason: scope.t ? scope.t(`dashboard.alert.reason.${x.kind}`, x.params) : JSON.stringify(x.params), stage: a.stage.stage, health: a.health.score })),
    ),
    defaultSort: { key: 'health', dir: 'asc' },
  }),
  'account-users': (ctx, scope) => ({
    id: 'account-users', title: 'dashboard.table.accountUsers',
    columns: [
      { key: 'name', label: 'dashboard.col.person', format: 'text' },
      { key: 'email', label: 'dashboard.col.email', format: 'text' },
      { key: 'role', label: 'dashboard.col.role', format: 'text', translate: LABELS.role },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'lastActiveDay', label: 'dashboard.col.lastActive', format: 'day' },
      { key: 'itemsViewed', label: 'dashboard.col.itemsViewed', format: 'int' },
      { key: 'itemsEngaged', label: 'dashboard.col.itemsEngaged', format: 'int' },
      { key: 'itemsCompleted', label: 'dashboard.col.itemsCompleted', format: 'int' },
      { key: 'highestLevel', label: 'dashboard.col.highestLevel', format: 'int' },
    ],
    rows: scope.accountId ? getAccountUsers(ctx, scope.accountId).map(({ userId: _u, viewingMs, ...r }) => ({ ...r, viewingMinutes: ms2min(viewingMs) })) : [],
    defaultSort: { key: 'viewingMinutes', dir: 'desc' },
  }),
  'account-timeline': (ctx, scope) => ({
    id: 'account-timeline', title: 'dashboard.table.accountTimeline',
    columns: [
      { key: 'day', label: 'dashboard.col.day', format: 'day' },
      { key: 'kind', label: 'dashboard.col.event', format: 'text', translate: 'dashboard.timeline' },
      { key: 'what', label: 'dashboard.col.what', format: 'text' },
    ],
    rows: scope.accountId ? getAccountTimeline(ctx, scope.accountId).map((e) => ({ day: e.day, kind: e.kind, what: e.title || e.subject })) : [],
    defaultSort: { key: 'day', dir: 'desc' },
  }),
};
