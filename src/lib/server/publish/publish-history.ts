import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { publishDeliveries, publishRuns } from '../../../../db/schema/index.ts';

export type PublishStep = 'pull' | 'check' | 'build' | 'smoke' | 'switch';
export type PublishRun = typeof publishRuns.$inferSelect;

/** Reports longer than this are cut (a content:check of an import can list thousands of lines). */
const REPORT_MAX = 20_000;

export function recordRunStarted(db: Db, run: { id: string; trigger: string; requestedBy: string | null; startedAt: number }): void {
  db.insert(publishRuns).values({ ...run, result: 'running' }).run();
}

export function recordRunCommit(db: Db, id: string, commit: { hash: string; author: string; subject: string } | null): void {
  if (!commit) return;
  db.update(publishRuns).set({ commit: commit.hash, commitAuthor: commit.author, commitSubject: commit.subject }).where(eq(publishRuns.id, id)).run();
}

export function recordRunFinished(
  db: Db,
  id: string,
  end: { ok: boolean; failedStep?: PublishStep; report?: string; releaseId?: string; steps: { step: string; ms: number }[]; startedAt: number },
): void {
  const finishedAt = Date.now();
  db.update(publishRuns)
    .set({
      result: end.ok ? 'ok' : 'failed',
      failedStep: end.failedStep ?? null,
      report: end.report ? end.report.slice(0, REPORT_MAX) : null,
      releaseId: end.releaseId ?? null,
      steps: JSON.stringify(end.steps),
      finishedAt,
      durationMs: finishedAt - end.startedAt,
    })
    .where(eq(publishRuns.id, id))
    .run();
}

/** The newest runs first, for /manage/publish. */
export function listPublishRuns(db: Db, limit = 50): PublishRun[] {
  return db.select().from(publishRuns).orderBy(desc(publishRuns.startedAt)).limit(limit).all();
}

/**
 * Remember a webhook delivery; false when this forge already sent this id (a replay). The primary key
 * decides, so two processes receiving the same delivery at once accept it once.
 */
export function rememberDelivery(db: Db, forge: string, deliveryId: string, now = Date.now()): boolean {
  const r = db.insert(publishDeliveries).values({ forge, deliveryId, receivedAt: now }).onConflictDoNothing().run();
  return r.changes === 1;
}
