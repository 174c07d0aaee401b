import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { appMeta } from '../../../../db/schema/index.ts';

// Tokens in mail links (/unsubscribe/<token>, /r/<token>) are signed, not stored: a mail to 10,000 people
// writes no token rows. The key lives in the database (app_meta), created on first use, so every process on
// one database signs and checks alike and a restore keeps old links working.

const KEY_NAME = 'engage.signing-key';
let cached: { db: Db; key: Buffer } | undefined;

function signingKey(db: Db): Buffer {
  if (cached?.db === db) return cached.key;
  db.insert(appMeta).values({ key: KEY_NAME, value: randomBytes(32).toString('base64url') }).onConflictDoNothing().run();
  const row = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, KEY_NAME)).get();
  const key = Buffer.from(row!.value, 'base64url');
  cached = { db, key };
  return key;
}

/** What a token carries. `p` names its single purpose, so an unsubscribe token never opens a redirect and back. */
export type TokenClaims =
  | { p: 'unsubscribe'; u: string; c: 'announcements' | 'nudges' | 'alerts' }
  | { p: 'click'; u: string; a: string; k: string; sk: string; sv: string; e: number };

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 18);

export function signToken(db: Db, claims: TokenClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(signingKey(db), body).toString('base64url')}`;
}

/** The claims of a well-formed, correctly signed token of this purpose (not expired), else null. */
export function readToken<P extends TokenClaims['p']>(db: Db, token: string, purpose: P, now = Date.now()): Extract<TokenClaims, { p: P }> | null {
  if (token.length > 600) return null;
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length) return null;
  const expected = mac(signingKey(db), body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return null;
  }
  if (claims?.p !== purpose || typeof claims.u !== 'string') return null;
  if (claims.p === 'click' && !(typeof claims.e === 'number' && claims.e > now)) return null;
  return claims as Extract<TokenClaims, { p: P }>;
}
