import { randomUUID } from 'node:crypto';

/**
 * Structured logs: one JSON object per line on stdout (requests, info) or stderr (warnings, errors), so
 * journald, Docker or any log shipper can parse them without a format file. Fields: `time` (ISO 8601),
 * `level`, `msg`, then whatever the caller adds (`id` = request id, `method`, `path`, `status`, `ms`…).
 */
export type LogLevel = 'info' | 'warn' | 'error';

export function logEvent(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'info') process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/** An error as log fields: name, message, code and the stack (logs only, never a response body). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as Error & { code?: unknown }).code;
  return { error: error.message, errorName: error.name, ...(code !== undefined ? { code } : {}), stack: error.stack };
}

export function logError(msg: string, error: unknown, fields: Record<string, unknown> = {}): void {
  logEvent('error', msg, { ...fields, ...errorFields(error) });
}

// A request id from a proxy or client is kept when it is short and plain; anything else is replaced so a
// hostile header can't inject log fields or bloat every line.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@-]{8,128}$/;

/** The incoming X-Request-Id when it is sane, otherwise a fresh random one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

// Path segments that are secrets themselves (invitation and password-reset links).
const SECRET_SEGMENTS = /^(\/(?:[a-z]{2}\/)?(?:invite|reset-password))\/[^/]+/;

/**
 * The path as logged: no query string (it may carry tokens, search terms or email addresses) and no
 * token segments. Capped so a huge URL can't make a huge log line.
 */
export function pathForLog(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.search(/[?#]/);
  const path = q === -1 ? raw : raw.slice(0, q);
  return path.replace(SECRET_SEGMENTS, '$1/:token').slice(0, 300);
}
