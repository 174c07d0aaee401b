import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { mailPreferences } from '../../../../db/schema/index.ts';

export interface MailPreferences {
  announcements: 'immediate' | 'weekly' | 'off';
  nudges: boolean;
  alerts: 'immediate' | 'daily' | 'off';
}

export const DEFAULT_PREFERENCES: MailPreferences = { announcements: 'immediate', nudges: true, alerts: 'immediate' };

export function readMailPreferences(db: Db, userId: string): MailPreferences {
  const row = db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId)).get();
  return row ? { announcements: row.announcements, nudges: row.nudges, alerts: row.alerts } : { ...DEFAULT_PREFERENCES };
}

/** Everyone's choices at once (the jobs read them for thousands of people). */
export function readAllMailPreferences(db: Db): Map<string, MailPreferences> {
  return new Map(db.select().from(mailPreferences).all().map((r) => [r.userId, { announcements: r.announcements, nudges: r.nudges, alerts: r.alerts }]));
}

/** Change one person's choices (only their own: the profile page and their signed unsubscribe link call this). */
export function saveMailPreferences(db: Db, userId: string, change: Partial<MailPreferences>, now = Date.now()): MailPreferences {
  const next = { ...readMailPreferences(db, userId), ...change };
  db.insert(mailPreferences)
    .values({ userId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: mailPreferences.userId, set: { ...next, updatedAt: now } })
    .run();
  return next;
}
