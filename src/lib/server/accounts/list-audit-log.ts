import { desc, eq } from 'drizzle-orm';
import { auditLog, users } from '../../../../db/schema/index.ts';
import type { Db } from '../../../../db/client.ts';

/** Latest administrative changes with the actor's email (null for the CLI). */
export function listAuditLog(db: Db, limit = 200) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, via: auditLog.via, action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, detail: auditLog.detail, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
