import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { appMeta } from '../../../../db/schema/index.ts';

/**
 * A reader of the session epoch: bumped by a trigger (migration 0018) whenever any process deletes a
 * session row (sign-out, a disabled person, expiry, the accounts CLI). A cache of sessions compares it
 * on every use; an unchanged epoch means no session it holds has ended, in any app instance.
 */
export function sessionEpochReader(db: Db): () => string {
  const query = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, 'session_epoch')).prepare();
  return () => query.get()?.value ?? '';
}
