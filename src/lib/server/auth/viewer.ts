import type { Viewer } from '../../access.ts';
import type { Db } from '../../../../db/client.ts';
import { getDb } from '../db.ts';
import { readSession, readSessions, type SessionUser } from './read-session.ts';
import { getSessionCookieName } from './session.ts';
import { hashToken, isWellFormedToken } from './tokens.ts';

/** The access-relevant part of a signed-in person. */
export function toViewer(user: SessionUser): Viewer {
  const viewer: Viewer = { userId: user.id, role: user.role };
  if (user.accountId !== null) viewer.accountId = user.accountId;
  if (user.segment !== null) viewer.segment = user.segment;
  if (user.plan !== null) viewer.plan = user.plan;
  return viewer;
}

/** Value of one cookie from a raw `Cookie` header, or undefined. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Who is behind a raw request's Cookie header, for code that runs outside Astro (the tracking ingest).
 * Read-only: it neither extends nor deletes the session, so it is safe on hot paths and in parallel.
 */
export function resolveViewer(cookieHeader: string | null | undefined, db: Db = getDb(), now: number = Date.now()): Viewer | null {
  return resolveSessionViewer(cookieHeader, db, now)?.viewer ?? null;
}

/** The same, with the id of the session it came from (for caches that must forget ended sessions). */
export function resolveSessionViewer(cookieHeader: string | null | undefined, db: Db = getDb(), now: number = Date.now()): { viewer: Viewer; sessionId: string } | null {
  const token = readCookie(cookieHeader, getSessionCookieName());
  if (!isWellFormedToken(token)) return null;
  const sessionId = hashToken(token);
  const found = readSession(db, sessionId, now);
  return found.state === 'valid' ? { viewer: toViewer(found.user), sessionId } : null;
}

/** `resolveSessionViewer` for the session tokens of many requests at once (one read per 200 sessions). */
export function resolveSessionViewers(tokens: string[], db: Db = getDb(), now: number = Date.now()): Map<string, { viewer: Viewer; sessionId: string } | null> {
  const ids = new Map<string, string>();
  for (const token of tokens) if (isWellFormedToken(token)) ids.set(token, hashToken(token));
  const found = readSessions(db, [...new Set(ids.values())], now);
  const out = new Map<string, { viewer: Viewer; sessionId: string } | null>();
  for (const token of tokens) {
    const sessionId = ids.get(token);
    const r = sessionId === undefined ? undefined : found.get(sessionId);
    out.set(token, r?.state === 'valid' ? { viewer: toViewer(r.user), sessionId: sessionId! } : null);
  }
  return out;
}
