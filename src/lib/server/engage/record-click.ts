import { dialectOf, leastFn } from '../db/dialect.ts';
import type { Db } from '../../../../db/client.ts';
import { engageClicks } from '../../../../db/schema/index.ts';
import { markTrackingActivity, takeTrackingTurn } from '../tracking/activity-epoch.ts';
import { readToken } from './signed-token.ts';

export type ClickResult = { ok: true; itemKey: string } | { ok: false };

/**
 * A person opened a tracked link from a mail: record the click and credit awareness of the item for the
 * person and their account (first impression), the same credit a portal impression gives. The link works
 * signed-out: the token says who it was sent to, and the item page itself asks for a sign-in if it needs one.
 */
export function recordClick(db: Db, token: string, now = Date.now()): ClickResult {
  const claims = readToken(db, token, 'click', now);
  if (!claims) return { ok: false };
  const least = leastFn(dialectOf(db));
  db.transaction(() => {
    db.insert(engageClicks).values({ userId: claims.u, accountId: claims.a, itemKey: claims.k, sourceKind: claims.sk, sourceKey: claims.sv, channel: 'email', clickedAt: now }).run();
    if (!claims.a) return;
    // The rows take a tracking turn as a tracking batch does, so the dashboards' reads of changed rows see them.
    const turn = takeTrackingTurn(db.$client);
    db.$client
      .prepare(
        `INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, change_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, content_key) DO UPDATE SET first_impression_at = ${least}(coalesce(tracking_account_awareness.first_impression_at, excluded.first_impression_at), excluded.first_impression_at),
           change_seq = excluded.change_seq`,
      )
      .run(claims.a, claims.k, now, turn);
    db.$client
      .prepare(
        `INSERT INTO tracking_progress (user_id, content_key, account_id, first_impression_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, content_key) DO UPDATE SET first_impression_at = ${least}(coalesce(tracking_progress.first_impression_at, excluded.first_impression_at), excluded.first_impression_at),
           change_seq = excluded.change_seq`,
      )
      .run(claims.u, claims.k, claims.a, now, now, turn);
    markTrackingActivity(db.$client);
  });
  return { ok: true, itemKey: claims.k };
}
