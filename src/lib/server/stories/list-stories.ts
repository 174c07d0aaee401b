import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { accounts, successStories, users } from '../../../../db/schema/index.ts';

export type StoryStatus = 'proposed' | 'accepted' | 'declined';

export interface StoryRow {
  id: string;
  accountId: string | null;
  accountName: string | null;
  personName: string | null;
  kind: 'case-study' | 'talk';
  title: string;
  story: string;
  results: { label: string; value: string; before?: string }[];
  industry: string | null;
  status: StoryStatus;
  draftFile: string | null;
  createdAt: number;
}

/** Stories newest first, by status, account or person (a customer sees only their own: `userId`). */
export function listStories(db: Db, filter: { status?: StoryStatus; accountId?: string; userId?: string } = {}): StoryRow[] {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(successStories.status, filter.status));
  if (filter.accountId) where.push(eq(successStories.accountId, filter.accountId));
  if (filter.userId) where.push(eq(successStories.userId, filter.userId));
  return db
    .select({
      id: successStories.id, accountId: successStories.accountId, accountName: accounts.name, personName: users.name, kind: successStories.kind, title: successStories.title,
      story: successStories.story, results: successStories.results, industry: successStories.industry, status: successStories.status, draftFile: successStories.draftFile, createdAt: successStories.createdAt,
    })
    .from(successStories)
    .leftJoin(accounts, eq(accounts.id, successStories.accountId))
    .leftJoin(users, eq(users.id, successStories.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(successStories.createdAt))
    .limit(200)
    .all()
    .map((r) => ({ ...r, results: safeResults(r.results) }));
}

function safeResults(json: string): StoryRow['results'] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as StoryRow['results']) : [];
  } catch {
    return [];
  }
}
