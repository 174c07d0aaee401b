import type { Config } from '../../../schemas/config.ts';
import { getConfig } from '../config.ts';

/**
 * The origin every link in mail starts with. Never the request's Host or Origin header: a client chooses
 * those, and a reset link pointing at an attacker's host hands them the token. PUBLIC_ORIGIN is required
 * in production (scripts/lib/check-config.ts refuses to start without it); in development the links point
 * at this machine's port.
 */
export function publicOrigin(config: Config = getConfig()): string {
  if (config.PUBLIC_ORIGIN) return new URL(config.PUBLIC_ORIGIN).origin;
  // The server refuses to start like this; a CLI run with another environment must not mail localhost links.
  if (config.NODE_ENV === 'production') throw new Error('PUBLIC_ORIGIN is not set: it is required when NODE_ENV=production, e.g. PUBLIC_ORIGIN=https://learn.example.com');
  return `http://localhost:${config.PORT}`;
}

/** Absolute link for mail and for links shown to admins to pass on, e.g. `publicUrl('/invite/…')`. */
export function publicUrl(path: string, config: Config = getConfig()): string {
  return new URL(path, publicOrigin(config)).toString();
}

/** One allowed Host: a name, and a port or null for "any port". */
export interface AllowedHost {
  name: string;
  port: string | null;
}

/**
 * The Host values the server answers for, or null when every Host is accepted (outside production: a
 * newcomer opens it by IP, by localhost or through a tunnel). ALLOWED_HOSTS wins; by default the host of
 * PUBLIC_ORIGIN on any port (a proxy may or may not pass the port on).
 */
export function allowedHosts(config: Config = getConfig()): AllowedHost[] | null {
  if (config.NODE_ENV !== 'production') return null;
  if (config.ALLOWED_HOSTS) return config.ALLOWED_HOSTS.split(',').map((h) => parseHost(h.trim())).filter((h): h is AllowedHost => h !== null);
  if (!config.PUBLIC_ORIGIN) return [];
  return [{ name: new URL(config.PUBLIC_ORIGIN).hostname.toLowerCase(), port: null }];
}

function parseHost(value: string): AllowedHost | null {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value.toLowerCase());
  if (!m || !m[1]) return null;
  return { name: m[1], port: m[2] ?? null };
}

/** Does this Host header match the allow-list? A missing or malformed Host never does. */
export function isAllowedHost(hostHeader: string | undefined, allowed: AllowedHost[]): boolean {
  if (!hostHeader) return false;
  const host = parseHost(hostHeader.trim().replace(/\.$/, ''));
  if (!host) return false;
  return allowed.some((a) => a.name === host.name && (a.port === null || a.port === host.port));
}
