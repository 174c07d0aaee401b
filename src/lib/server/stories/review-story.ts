import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, successStories } from '../../../../db/schema/index.ts';
import { storyReviewInput } from '../../../schemas/success-story.ts';
import { recordAudit } from '../accounts/audit.ts';
import { getConfig } from '../config.ts';
import { listStories } from './list-stories.ts';
import { writeStoryDraft } from './write-story-draft.ts';

export type ReviewResult = { ok: true; draftFile?: string } | { ok: false; status: 400 | 404 | 409 };

/**
 * Accept or decline a proposed story (managers and admins). Accepting writes the case-study draft and
 * marks the account as presenting its success (stage A, with its surveys); both are audited.
 */
export function reviewStory(db: Db, staffUserId: string, fields: Record<string, string>, root = process.cwd(), now = Date.now()): ReviewResult {
  const parsed = storyReviewInput.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400 };
  const story = listStories(db).find((s) => s.id === parsed.data.id);
  if (!story) return { ok: false, status: 404 };
  if (story.status !== 'proposed') return { ok: false, status: 409 };
  if (parsed.data.decision === 'decline') {
    db.update(successStories).set({ status: 'declined', reviewedBy: staffUserId, reviewedAt: now, updatedAt: now }).where(eq(successStories.id, story.id)).run();
    recordAudit(db, { userId: staffUserId, via: 'web' }, 'story.decline', { type: 'story', id: story.id }, {}, now);
    return { ok: true };
  }
  const slug = story.accountId ? db.select({ slug: accounts.slug }).from(accounts).where(eq(accounts.id, story.accountId)).get()?.slug : undefined;
  const draftFile = writeStoryDraft(root, getConfig().JISOU_STORY_DRAFTS_DIR, { ...story, accountSlug: slug ?? 'customer' }, new Date(now));
  db.update(successStories).set({ status: 'accepted', draftFile, reviewedBy: staffUserId, reviewedAt: now, updatedAt: now }).where(eq(successStories.id, story.id)).run();
  recordAudit(db, { userId: staffUserId, via: 'web' }, 'story.accept', { type: 'story', id: story.id }, { draftFile }, now);
  return { ok: true, draftFile };
}
