import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { users } from '../../../../db/schema/index.ts';
import type { Locale } from '../../../schemas/common.ts';
import { saveMailPreferences } from './mail-preferences.ts';
import { readToken } from './signed-token.ts';

export type UnsubscribeTarget = { ok: true; userId: string; category: 'announcements' | 'nudges' | 'alerts'; email: string; locale: Locale } | { ok: false };

/** Whom a signed unsubscribe token names, and for which kind of mail (null token or unknown person: not ok). */
export function readUnsubscribeToken(db: Db, token: string): UnsubscribeTarget {
  const claims = readToken(db, token, 'unsubscribe');
  if (!claims) return { ok: false };
  const person = db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, claims.u)).get();
  return person ? { ok: true, userId: claims.u, category: claims.c, email: person.email, locale: person.locale } : { ok: false };
}

/** Stop one kind of mail for the person the token names, at once (the next job run sees it). */
export function applyUnsubscribe(db: Db, token: string, now = Date.now()): UnsubscribeTarget {
  const target = readUnsubscribeToken(db, token);
  if (!target.ok) return target;
  saveMailPreferences(db, target.userId, target.category === 'nudges' ? { nudges: false } : { [target.category]: 'off' }, now);
  return target;
}
