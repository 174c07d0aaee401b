import { auditLog } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';

/** Who made an administrative change: a staff user on the web, or the CLI (run by whoever has the server). */
export interface Actor {
  userId: string | null;
  via: 'web' | 'cli' | 'self';
}

export function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  target: { type: 'account' | 'user' | 'invitation' | 'request' | 'story' | 'event'; id: string },
  detail: Record<string, unknown> = {},
  now: number = Date.now(),
): void {
  db.insert(auditLog)
    .values({ at: now, actorUserId: actor.userId, via: actor.via, action, targetType: target.type, targetId: target.id, detail: JSON.stringify(detail) })
    .run();
}
