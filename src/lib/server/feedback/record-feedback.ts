import { and, eq } from 'drizzle-orm';
import { itemFeedback } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';
import { isStaff, type Viewer } from '../../access.ts';
import { feedbackInput } from '../../../schemas/feedback.ts';
import { findVisible } from '../content-access.ts';
import type { Locale } from '../../../schemas/common.ts';

export type FeedbackResult =
  | { ok: true; href: string; changed: boolean }
  | { ok: false; status: 400 | 401 | 403 | 404; code: string };

/**
 * Store (or change) a person's answer to "was this page helpful?" for one item. Only people who may open
 * the item can answer it, and only customers are counted: staff previewing a page are told so instead.
 * Nothing is written on any refusal.
 */
export async function recordFeedback(db: Db, viewer: Viewer | null, locale: Locale, fields: Record<string, string>, now = Date.now()): Promise<FeedbackResult> {
  if (!viewer) return { ok: false, status: 401, code: 'sign_in' };
  const parsed = feedbackInput.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400, code: parsed.error.issues[0]?.message ?? 'invalid' };
  const input = parsed.data;
  const item = await findVisible(viewer, locale, input.key);
  // Unknown and not-allowed items answer alike, so the form cannot probe which keys exist.
  if (!item) return { ok: false, status: 404, code: 'unknown_item' };
  if (isStaff(viewer)) return { ok: false, status: 403, code: 'staff' };
  const values = { helpful: input.helpful === 'yes', comment: input.comment || null, accountId: viewer.accountId ?? null, updatedAt: now };
  const existing = db
    .select({ helpful: itemFeedback.helpful, comment: itemFeedback.comment })
    .from(itemFeedback)
    .where(and(eq(itemFeedback.userId, viewer.userId), eq(itemFeedback.contentKey, item.key)))
    .get();
  db.insert(itemFeedback)
    .values({ userId: viewer.userId, contentKey: item.key, createdAt: now, ...values })
    .onConflictDoUpdate({ target: [itemFeedback.userId, itemFeedback.contentKey], set: values })
    .run();
  return { ok: true, href: item.href, changed: existing !== undefined };
}

/** This person's current answer for an item (to show it and let them change it), or null. */
export function readMyFeedback(db: Db, userId: string, contentKey: string): { helpful: boolean; comment: string | null } | null {
  return (
    db
      .select({ helpful: itemFeedback.helpful, comment: itemFeedback.comment })
      .from(itemFeedback)
      .where(and(eq(itemFeedback.userId, userId), eq(itemFeedback.contentKey, contentKey)))
      .get() ?? null
  );
}
