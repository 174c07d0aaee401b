import { getFeedbackByItem } from '../get-feedback-by-item.ts';
import type { TableBuilder } from './table-types.ts';
import { LABELS } from '../../../labels.ts';

// "Was this page helpful?" per item, for authors (no personal data) and the account page.
export const feedbackTables: Record<string, TableBuilder> = {
  'feedback-items': (ctx, scope) => ({
    id: 'feedback-items', title: 'dashboard.table.feedbackItems',
    columns: [
      { key: 'title', label: 'dashboard.col.item', format: 'text', href: scope.accountId ? undefined : (r) => `/manage/feedback?key=${encodeURIComponent(String(r.key))}#comments` },
      { key: 'helpfulPercent', label: 'dashboard.col.helpfulPercent', format: 'percent' },
      { key: 'answers', label: 'dashboard.col.answers', format: 'int' },
      { key: 'unhelpful', label: 'dashboard.col.unhelpful', format: 'int' },
      { key: 'comments', label: 'dashboard.col.comments', format: 'int' },
      { key: 'views', label: 'dashboard.col.views', format: 'int' },
      { key: 'type', label: 'dashboard.col.type', format: 'text', translate: LABELS.type },
      { key: 'level', label: 'dashboard.col.level', format: 'int' },
    ],
    rows: getFeedbackByItem(ctx, scope.accountId).map((r) => ({ ...r })),
    defaultSort: { key: 'unhelpful', dir: 'desc' },
  }),
};
