import { desc, sql } from 'drizzle-orm';
import { accounts, itemFeedback } from '../../../../db/schema/index.ts';
import { getViewingTimeByItem } from './get-viewing-time-by-item.ts';
import { memo, ormOf as orm, type KpiContext } from './kpi-context.ts';
import { readFeedbackEpoch } from './account-state-epoch.ts';
import { reuseWhileUnchanged } from './reuse-recent-read.ts';

export interface ItemFeedbackRow {
  key: string;
  title: string;
  type: string;
  level: number;
  /** Page views in the period (from the tracking rollups). */
  views: number;
  /** Current answers: each person's latest yes/no for the item (people can change their answer). */
  answers: number;
  helpful: number;
  unhelpful: number;
  /** helpful / answers × 100; null without answers. */
  helpfulPercent: number | null;
  comments: number;
}

export interface FeedbackComment {
  key: string;
  title: string;
  helpful: boolean;
  comment: string;
  /** YYYY-MM-DD (UTC) of the latest change. */
  day: string;
  /** The account's name, only for roles that may read account details; never the person. */
  accountName: string | null;
}

/**
 * "Was this page helpful?" per published item: views in the period beside every current answer, helpful %
 * and the number of comments. Answers on keys no longer in the content are left out, like the other KPIs.
 */
export function getFeedbackByItem(ctx: KpiContext, accountId?: string): ItemFeedbackRow[] {
  return memo(ctx, `feedback-by-item:${accountId ?? ''}`, () => {
    // Over all accounts the answer counts are kept per database until an answer changes (the feedback epoch,
    // migration 0022); one account's (team view) are read per request.
    const read = () => orm(ctx.db)
      .select({
        key: itemFeedback.contentKey,
        answers: sql<number>`count(*)`,
        // Boolean on PostgreSQL, which has no sum() of booleans.
        helpful: sql<number>`sum(CASE WHEN ${itemFeedback.helpful} THEN 1 ELSE 0 END)`,
        comments: sql<number>`count(${itemFeedback.comment})`,
      })
      .from(itemFeedback)
      .where(accountId === undefined ? undefined : sql`${itemFeedback.accountId} = ${accountId}`)
      .groupBy(itemFeedback.contentKey)
      .all();
    const counts = accountId === undefined ? reuseWhileUnchanged(ctx.db, 'feedback-counts', readFeedbackEpoch(ctx.db), read) : read();
    const byKey = new Map(counts.map((c) => [c.key, c]));
    return getViewingTimeByItem(ctx, accountId).map((v) => {
      const c = byKey.get(v.key);
      const answers = c?.answers ?? 0;
      const helpful = c?.helpful ?? 0;
      return {
        key: v.key, title: v.title, type: v.type, level: v.level, views: v.views, answers, helpful, unhelpful: answers - helpful,
        helpfulPercent: answers ? Math.round((helpful / answers) * 1000) / 10 : null, comments: c?.comments ?? 0,
      };
    });
  });
}

/** The latest comments (newest first), without the person; the account name only when `withAccount`. */
export function listFeedbackComments(ctx: KpiContext, opts: { withAccount: boolean; key?: string; limit?: number }): FeedbackComment[] {
  const titles = new Map(ctx.content.items.map((i) => [i.key, i.title]));
  const rows = orm(ctx.db)
    .select({ key: itemFeedback.contentKey, helpful: itemFeedback.helpful, comment: itemFeedback.comment, updatedAt: itemFeedback.updatedAt, accountName: accounts.name })
    .from(itemFeedback)
    .leftJoin(accounts, sql`${accounts.id} = ${itemFeedback.accountId}`)
    .where(opts.key === undefined ? sql`${itemFeedback.comment} IS NOT NULL` : sql`${itemFeedback.comment} IS NOT NULL AND ${itemFeedback.contentKey} = ${opts.key}`)
    // Ties (answers of one moment) in one order on both backends: by item, then person.
    .orderBy(desc(itemFeedback.updatedAt), itemFeedback.contentKey, itemFeedback.userId)
    .limit(opts.limit ?? 200)
    .all();
  return rows
    .filter((r) => titles.has(r.key))
    .map((r) => ({
      key: r.key, title: titles.get(r.key)!, helpful: r.helpful, comment: r.comment!, day: new Date(r.updatedAt).toISOString().slice(0, 10),
      accountName: opts.withAccount ? r.accountName : null,
    }));
}
