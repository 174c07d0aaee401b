import { getConfig } from '../config.ts';

/**
 * The client address per-client limits count by: the socket's, or with TRUST_PROXY the first
 * X-Forwarded-For entry (the proxy must overwrite that header; see docs/operations.md).
 */
export function clientAddress(request: Request, socketAddress: string | undefined): string {
  if (['true', '1'].includes(getConfig().TRUST_PROXY)) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return socketAddress ?? 'unknown';
}
