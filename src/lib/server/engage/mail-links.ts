import type { Db } from '../../../../db/client.ts';
import { signToken } from './signed-token.ts';

const DAY = 86_400_000;

export interface ClickSource {
  kind: string;
  key: string;
}

/** A tracked link for one person to one item: /r/<token> credits the click, then leads to the item. */
export function trackedLink(db: Db, origin: string, person: { userId: string; accountId: string }, itemKey: string, source: ClickSource, ttlDays: number, now: number): string {
  const token = signToken(db, { p: 'click', u: person.userId, a: person.accountId, k: itemKey, sk: source.kind, sv: source.key, e: now + ttlDays * DAY });
  return new URL(`/r/${token}`, origin).toString();
}

/** One-click unsubscribe from one kind of mail; works signed-out and never expires (RFC 8058 clients may use it late). */
export function unsubscribeLink(db: Db, origin: string, userId: string, category: 'announcements' | 'nudges' | 'alerts'): string {
  return new URL(`/unsubscribe/${signToken(db, { p: 'unsubscribe', u: userId, c: category })}`, origin).toString();
}

export function preferencesLink(origin: string): string {
  return new URL('/profile#mail', origin).toString();
}
