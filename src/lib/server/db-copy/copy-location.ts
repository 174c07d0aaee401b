// What can be said about a side of db:copy before any driver loads: the shape of a URL, whether a file exists.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPostgresUrl } from '../../../../db/postgres-url.ts';
import { redactDatabaseUrl } from '../db/redact-database-url.ts';

/** An expected failure with a message key (src/i18n/<locale>/dbcopy.json) and its parameters. */
export class CopyError extends Error {
  readonly key: string;
  readonly params: Record<string, string | number>;
  constructor(key: string, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(key, options);
    this.key = key;
    this.params = params;
  }
}

/** Check a postgres:// URL's shape before connecting: a typo gets a message about the URL, not the network. */
export function parsePostgresUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CopyError('dbcopy.error.badUrl', { url: redactDatabaseUrl(value) });
  }
  if (!isPostgresUrl(value) || (!url.hostname && !url.searchParams.get('host')) || url.pathname.length < 2) throw new CopyError('dbcopy.error.badUrl', { url: redactDatabaseUrl(value) });
  return url;
}

/** Refuse a URL of another scheme (mysql://…), a malformed postgres:// one, a missing source file or a folder. */
export function checkLocation(value: string, role: 'source' | 'target', root: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !isPostgresUrl(value)) throw new CopyError('dbcopy.error.badUrl', { url: redactDatabaseUrl(value) });
  if (isPostgresUrl(value)) {
    parsePostgresUrl(value);
    return;
  }
  const file = resolve(root, value);
  if (role === 'source' && !existsSync(file)) throw new CopyError('dbcopy.error.missingFile', { file });
  if (existsSync(file) && statSync(file).isDirectory()) throw new CopyError('dbcopy.error.isDirectory', { file });
}
