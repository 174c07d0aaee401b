import { getViewingTimeByAccount } from '../get-viewing-time-by-account.ts';
import { getViewingTimeByItem } from '../get-viewing-time-by-item.ts';
import { getViewingTimeByLevel } from '../get-viewing-time-by-level.ts';
import { getViewingTimeBySegment } from '../get-viewing-time-by-segment.ts';
import { getViewingTimeByType } from '../get-viewing-time-by-type.ts';
import { getViewingTimeSeries } from '../get-viewing-time-series.ts';
import { accountHref, ms2min, type TableBuilder } from './table-types.ts';
import { LABELS } from '../../../labels.ts';

export const viewingTables: Record<string, TableBuilder> = {
  'viewing-accounts': (ctx) => ({
    id: 'viewing-accounts', title: 'dashboard.table.viewingAccounts',
    columns: [
      { key: 'name', label: 'dashboard.col.account', format: 'text', href: accountHref },
      { key: 'segment', label: 'dashboard.col.segment', format: 'text', translate: LABELS.segment },
      { key: 'plan', label: 'dashboard.col.plan', format: 'text', translate: LABELS.plan },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'previousMinutes', label: 'dashboard.col.previousMinutes', format: 'minutes' },
      { key: 'changePercent', label: 'dashboard.col.change', format: 'percent' },
      { key: 'activeUsers', label: 'dashboard.col.activeUsers', format: 'int' },
      { key: 'views', label: 'dashboard.col.views', format: 'int' },
    ],
    rows: getViewingTimeByAccount(ctx).map((r) => ({
      accountId: r.accountId, name: r.name, segment: r.segment, plan: r.plan, viewingMinutes: ms2min(r.viewingMs),
      previousMinutes: ms2min(r.previousMs), changePercent: r.changePercent, activeUsers: r.activeUsers, views: r.views,
    })),
    defaultSort: { key: 'viewingMinutes', dir: 'desc' },
  }),
  'viewing-segments': (ctx) => ({
    id: 'viewing-segments', title: 'dashboard.table.viewingSegments',
    columns: [
      { key: 'segment', label: 'dashboard.col.segment', format: 'text', translate: LABELS.segment },
      { key: 'accounts', label: 'dashboard.col.accounts', format: 'int' },
      { key: 'activeAccounts', label: 'dashboard.col.activeAccounts', format: 'int' },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'perActiveAccountMinutes', label: 'dashboard.col.perActiveAccount', format: 'minutes' },
    ],
    rows: getViewingTimeBySegment(ctx).map((r) => ({
      segment: r.segment, accounts: r.accounts, activeAccounts: r.activeAccounts, viewingMinutes: ms2min(r.viewingMs), perActiveAccountMinutes: ms2min(r.perActiveAccountMs),
    })),
    defaultSort: { key: 'viewingMinutes', dir: 'desc' },
  }),
  'viewing-levels': (ctx, scope) => ({
    id: 'viewing-levels', title: 'dashboard.table.viewingLevels',
    columns: [
      { key: 'level', label: 'dashboard.col.level', format: 'text', translate: LABELS.level },
      { key: 'items', label: 'dashboard.col.items', format: 'int' },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'views', label: 'dashboard.col.views', format: 'int' },
      { key: 'people', label: 'dashboard.col.people', format: 'int' },
    ],
    rows: getViewingTimeByLevel(ctx, scope.accountId).map((r) => ({ level: r.level, items: r.items, viewingMinutes: ms2min(r.viewingMs), views: r.views, people: r.people })),
    defaultSort: { key: 'level', dir: 'asc' },
  }),
  'viewing-types': (ctx) => ({
    id: 'viewing-types', title: 'dashboard.table.viewingTypes',
    columns: [
      { key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type },
      { key: 'items', label: 'dashboard.col.items', format: 'int' },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'views', label: 'dashboard.col.views', format: 'int' },
      { key: 'completions', label: 'dashboard.col.completions', format: 'int' },
    ],
    rows: getViewingTimeByType(ctx).map((r) => ({ type: r.type, items: r.items, viewingMinutes: ms2min(r.viewingMs), views: r.views, completions: r.completions })),
    defaultSort: { key: 'viewingMinutes', dir: 'desc' },
  }),
  'viewing-items': (ctx, scope) => ({
    id: 'viewing-items', title: 'dashboard.table.viewingItems',
    columns: [
      { key: 'title', label: 'dashboard.col.item', format: 'text' },
      { key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type },
      { key: 'level', label: 'dashboard.col.level', format: 'int' },
      { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
      { key: 'views', label: 'dashboard.col.views', format: 'int' },
      { key: 'completions', label: 'dashboard.col.completions', format: 'int' },
      { key: 'people', label: 'dashboard.col.people', format: 'int' },
      { key: 'accounts', label: 'dashboard.col.accounts', format: 'int' },
    ],
    rows: getViewingTimeByItem(ctx, scope.accountId).map((r) => ({
      key: r.key, title: r.title, type: r.type, level: r.level, viewingMinutes: ms2min(r.viewingMs), views: r.views, completions: r.completions, people: r.people, accounts: r.accounts,
    })),
    defaultSort: { key: 'viewingMinutes', dir: 'desc' },
  }),
  'viewing-series': (ctx, scope) => {
    const s = getViewingTimeSeries(ctx, 'day', scope.accountId);
    return {
      id: 'viewing-series', title: 'dashboard.table.viewingSeries',
      columns: [
        { key: 'day', label: 'dashboard.col.day', format: 'day' },
        { key: 'viewingMinutes', label: 'dashboard.col.viewingMinutes', format: 'minutes' },
        { key: 'activeAccounts', label: 'dashboard.col.activeAccounts', format: 'int' },
        { key: 'perActiveAccountMinutes', label: 'dashboard.col.perActiveAccount', format: 'minutes' },
      ],
      rows: s.points.map((p) => ({ day: p.bucket, viewingMinutes: ms2min(p.viewingMs), activeAccounts: p.activeAccounts, perActiveAccountMinutes: ms2min(p.perActiveAccountMs) })),
      defaultSort: { key: 'day', dir: 'asc' },
    };
  },
};
