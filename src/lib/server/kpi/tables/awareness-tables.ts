import { getAccountAwareness } from '../get-account-awareness.ts';
import { getAnnouncementReach } from '../get-announcement-reach.ts';
import { getAwarenessByItem } from '../get-awareness-by-item.ts';
import { getAwarenessByChannel } from '../get-awareness-by-channel.ts';
import { getAwarenessByItemChannel } from '../get-awareness-by-item-channel.ts';
import type { TableBuilder } from './table-types.ts';
import { LABELS } from '../../../labels.ts';

/** The columns of a funnel by channel, in people: audience → reached → clicked → viewed → engaged. */
const FUNNEL_BY_CHANNEL = [
  { key: 'channel', label: 'dashboard.col.channel', format: 'text', translate: 'dashboard.channel' },
  { key: 'audience', label: 'dashboard.col.audiencePeople', format: 'int' },
  { key: 'reached', label: 'dashboard.col.reachedPeople', format: 'int' },
  { key: 'clicked', label: 'dashboard.col.clickedPeople', format: 'int' },
  { key: 'viewed', label: 'dashboard.col.viewedPeople', format: 'int' },
  { key: 'engaged', label: 'dashboard.col.engagedPeople', format: 'int' },
] as const;

export const awarenessTables: Record<string, TableBuilder> = {
  'awareness-items': (ctx, scope) => ({
    id: 'awareness-items', title: 'dashboard.table.awarenessItems',
    columns: [
      { key: 'title', label: 'dashboard.col.item', format: 'text' },
      { key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type },
      { key: 'publishedAt', label: 'dashboard.col.published', format: 'day' },
      { key: 'audienceAccounts', label: 'dashboard.col.audienceAccounts', format: 'int' },
      { key: 'awareAccounts', label: 'dashboard.col.awareAccounts', format: 'int' },
      { key: 'viewedAccounts', label: 'dashboard.col.viewedAccounts', format: 'int' },
      { key: 'engagedAccounts', label: 'dashboard.col.engagedAccounts', format: 'int' },
      { key: 'ratePercent', label: 'dashboard.col.awareness', format: 'percent' },
      { key: 'audiencePeople', label: 'dashboard.col.audiencePeople', format: 'int' },
      { key: 'awarePeople', label: 'dashboard.col.awarePeople', format: 'int' },
      { key: 'viewedPeople', label: 'dashboard.col.viewedPeople', format: 'int' },
      { key: 'engagedPeople', label: 'dashboard.col.engagedPeople', format: 'int' },
    ],
    rows: getAwarenessByItem(ctx, scope.accountId).map((r) => ({ ...r })),
    defaultSort: { key: 'ratePercent', dir: 'asc' },
  }),
  'awareness-announcements': (ctx) => ({
    id: 'awareness-announcements', title: 'dashboard.table.awarenessAnnouncements',
    columns: [
      { key: 'title', label: 'dashboard.col.announcement', format: 'text' },
      { key: 'publishedAt', label: 'dashboard.col.published', format: 'day' },
      { key: 'audienceAccounts', label: 'dashboard.col.audienceAccounts', format: 'int' },
      { key: 'reachedAccounts', label: 'dashboard.col.reachedAccounts', format: 'int' },
      { key: 'ratePercent', label: 'dashboard.col.reach', format: 'percent' },
      { key: 'reachedPeople', label: 'dashboard.col.reachedPeople', format: 'int' },
      { key: 'openedPeople', label: 'dashboard.col.openedPeople', format: 'int' },
    ],
    rows: getAnnouncementReach(ctx).map(({ series: _s, ...r }) => ({ ...r })),
    defaultSort: { key: 'publishedAt', dir: 'desc' },
  }),
  // The funnel by channel (portal, email), in people: audience → reached → clicked → viewed → engaged.
  'awareness-channels': (ctx) => ({
    id: 'awareness-channels', title: 'dashboard.table.awarenessChannels',
    columns: [
      { key: 'title', label: 'dashboard.col.announcement', format: 'text' },
      ...FUNNEL_BY_CHANNEL,
    ],
    rows: getAwarenessByChannel(ctx).map((r) => ({ ...r })),
    defaultSort: { key: 'reached', dir: 'desc' },
  }),
  // The same funnel per content item linked in mails (announcements, their items, plays' recommendations).
  'awareness-item-channels': (ctx) => ({
    id: 'awareness-item-channels', title: 'dashboard.table.awarenessItemChannels',
    columns: [
      { key: 'title', label: 'dashboard.col.item', format: 'text' },
      { key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type },
      ...FUNNEL_BY_CHANNEL,
    ],
    rows: getAwarenessByItemChannel(ctx).map((r) => ({ ...r })),
    defaultSort: { key: 'reached', dir: 'desc' },
  }),
  'awareness-accounts': (ctx, scope) => ({
    id: 'awareness-accounts', title: 'dashboard.table.awarenessAccounts',
    columns: [
      { key: 'name', label: 'dashboard.col.account', format: 'text', href: scope.accountId ? undefined : (r) => `/manage/kpi/accounts/${encodeURIComponent(String(r.accountId))}` },
      { key: 'segment', label: 'dashboard.col.segment', format: 'text', translate: LABELS.segment },
      { key: 'meantFor', label: 'dashboard.col.meantFor', format: 'int' },
      { key: 'known', label: 'dashboard.col.known', format: 'int' },
      { key: 'viewed', label: 'dashboard.col.viewed', format: 'int' },
      { key: 'sharePercent', label: 'dashboard.col.awareness', format: 'percent' },
    ],
    rows: getAccountAwareness(ctx, scope.accountId).map((r) => ({ ...r })),
    defaultSort: { key: 'sharePercent', dir: 'asc' },
  }),
};
