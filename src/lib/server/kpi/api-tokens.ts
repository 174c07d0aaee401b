import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { generateSecretToken, hashToken, isWellFormedToken } from '../auth/tokens.ts';

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Create a KPI API token; the secret is returned once and only its SHA-256 is stored. */
export function createApiToken(db: Database.Database, name: string, now = Date.now()): { id: string; token: string } {
  const token = `jk_${generateSecretToken()}`;
  const id = randomUUID();
  db.prepare(`INSERT INTO kpi_api_tokens (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`).run(id, name, hashToken(token), now);
  return { id, token };
}

export function listApiTokens(db: Database.Database): ApiTokenInfo[] {
  return db
    .prepare(`SELECT id, name, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt FROM kpi_api_tokens ORDER BY created_at`)
    .all() as ApiTokenInfo[];
}

export function revokeApiToken(db: Database.Database, id: string, now = Date.now()): boolean {
  return db.prepare(`UPDATE kpi_api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(now, id).changes === 1;
}

/**
 * Check an `Authorization: Bearer jk_…` header. Lookup is by hash (an index probe on a SHA-256 value, so
 * timing reveals nothing useful about the secret). Returns the token id or null.
 */
export function verifyApiToken(db: Database.Database, header: string | null, now = Date.now()): string | null {
  const m = /^Bearer\s+jk_([a-z2-7]{32})$/.exec(header?.trim() ?? '');
  if (!m || !isWellFormedToken(m[1])) return null;
  const row = db.prepare(`SELECT id FROM kpi_api_tokens WHERE token_hash = ? AND revoked_at IS NULL`).get(hashToken(`jk_${m[1]}`)) as { id: string } | undefined;
  if (!row) return null;
  db.prepare(`UPDATE kpi_api_tokens SET last_used_at = ? WHERE id = ?`).run(now, row.id);
  return row.id;
}
