import type { KpiContext } from '../kpi-context.ts';
import { listFeedbackComments, type FeedbackComment } from '../get-feedback-by-item.ts';
import { buildTable } from '../kpi-tables.ts';
import type { KpiTable } from '../tables/table-types.ts';
import { computeInTurns } from './compute-in-turns.ts';

export interface FeedbackView {
  items: KpiTable;
  comments: FeedbackComment[];
  /** The item the comments are narrowed to (?key=), if any. */
  key?: string;
  keyTitle?: string;
}

/** /manage/feedback: the per-item table and the latest comments (all, or of one item). */
export async function getFeedbackView(ctx: KpiContext, opts: { withAccount: boolean; key?: string }): Promise<FeedbackView> {
  const key = opts.key && ctx.content.byKey.has(opts.key) ? opts.key : undefined;
  const parts = await computeInTurns(ctx, {
    items: () => buildTable('feedback-items', ctx),
    comments: () => listFeedbackComments(ctx, { withAccount: opts.withAccount, key, limit: 100 }),
  });
  return {
    items: parts.items,
    comments: parts.comments,
    key,
    keyTitle: key ? ctx.content.byKey.get(key)?.title : undefined,
  };
}
