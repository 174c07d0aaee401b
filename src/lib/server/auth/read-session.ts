import type Database from 'better-sqlite3';
import type { Role } from '../../access.ts';
import type { Segment } from '../../../schemas/common.ts';
import type { Db } from '../../../../db/client.ts';

/** The signed-in person as the rest of the app sees them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: 'ja' | 'en';
  role: Role;
  accountId: string | null;
  accountName: string | null;
  segment: Segment | null;
  plan: 'starter' | 'business' | 'enterprise' | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  absoluteExpiresAt: number;
}

interface Row extends SessionRecord, Omit<SessionUser, 'id'> {
  userDisabledAt: number | null;
  accountDisabledAt: number | null;
}

const SQL = `
  SELECT s.id, s.user_id AS userId, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt,
         s.expires_at AS expiresAt, s.absolute_expires_at AS absoluteExpiresAt,
         u.email, u.name, u.locale, u.role, u.account_id AS accountId, u.disabled_at AS userDisabledAt,
         a.name AS accountName, a.segment, a.plan, a.disabled_at AS accountDisabledAt
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN accounts a ON a.id = u.account_id
   WHERE s.id = ?`;

const statements = new WeakMap<Database.Database, Database.Statement<[string], Row>>();

export type ReadResult =
  | { state: 'valid'; session: SessionRecord; user: SessionUser }
  /** Present but no longer usable (expired, person or account disabled): the caller may delete it. */
  | { state: 'dead'; sessionId: string }
  | { state: 'missing' };

/**
 * One indexed lookup joining session, person and account. Read-only, synchronous, so it also serves
 * the tracking ingest path that runs outside Astro.
 */
export function readSession(db: Db, sessionId: string, now: number): ReadResult {
  let stmt = statements.get(db.$client);
  if (!stmt) {
    stmt = db.$client.prepare<[string], Row>(SQL);
    statements.set(db.$client, stmt);
  }
  const row = stmt.get(sessionId);
  return row ? resultOf(row, now) : { state: 'missing' };
}

const manyStatements = new WeakMap<Database.Database, Map<number, Database.Statement<string[], Row>>>();
/** Sessions per read: well below both databases' parameter limits. */
const IDS_PER_READ = 200;

/**
 * `readSession` for many sessions in one statement per IDS_PER_READ (the tracking ingest resolves the
 * sessions of the requests that arrived together at once: on PostgreSQL each lookup is a round trip).
 */
export function readSessions(db: Db, sessionIds: string[], now: number): Map<string, ReadResult> {
  let statements = manyStatements.get(db.$client);
  if (!statements) manyStatements.set(db.$client, (statements = new Map()));
  const out = new Map<string, ReadResult>();
  for (let i = 0; i < sessionIds.length; i += IDS_PER_READ) {
    const chunk = sessionIds.slice(i, i + IDS_PER_READ);
    let stmt = statements.get(chunk.length);
    if (!stmt) statements.set(chunk.length, (stmt = db.$client.prepare<string[], Row>(SQL.replace('WHERE s.id = ?', `WHERE s.id IN (${chunk.map(() => '?').join(', ')})`))));
    for (const row of stmt.all(...chunk)) out.set(row.id, resultOf(row, now));
  }
  for (const id of sessionIds) if (!out.has(id)) out.set(id, { state: 'missing' });
  return out;
}

function resultOf(row: Row, now: number): ReadResult {
  const customer = row.role === 'customer' || row.role === 'customer-admin';
  if (
    now >= row.expiresAt ||
    now >= row.absoluteExpiresAt ||
    row.userDisabledAt !== null ||
    (customer && (row.accountId === null || row.accountDisabledAt !== null))
  ) {
    return { state: 'dead', sessionId: row.id };
  }
  const { userDisabledAt: _u, accountDisabledAt: _a, email, name, locale, role, accountId, accountName, segment, plan, ...session } = row;
  return {
    state: 'valid',
    session,
    user: { id: row.userId, email, name, locale, role, accountId, accountName, segment, plan },
  };
}
