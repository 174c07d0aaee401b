// Shared JSON responses for API routes, so every endpoint answers errors the same way.

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_origin'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  bad_origin: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

const NO_STORE = { 'Cache-Control': 'no-store' };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

/** `{ error: { code, message, details? } }` with the status that belongs to the code. */
export function jsonError(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}): Response {
  return jsonResponse({ error: { code, message, ...(details === undefined ? {} : { details }) } }, STATUS[code], headers);
}

export const unauthorized = (message = 'Sign in first.') => jsonError('unauthorized', message);
export const forbidden = (message = 'You do not have access to this.') => jsonError('forbidden', message);
export const notFound = (message = 'Not found.') => jsonError('not_found', message);
export const tooManyRequests = (retryAfterSeconds: number, message = 'Too many requests; try again later.') =>
  jsonError('rate_limited', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });

/**
 * Astro's checkOrigin covers form posts only; JSON POSTs must prove they come from our own pages.
 * Same origin = the Origin header (or, failing that, Referer) matches the request URL's origin.
 * Returns a 403 response to send, or null when the request may proceed.
 */
export function checkJsonOrigin(request: Request): Response | null {
  const expected = new URL(request.url).origin;
  const origin = request.headers.get('origin');
  if (origin !== null) return origin === expected ? null : jsonError('bad_origin', 'Cross-origin request refused.');
  const referer = request.headers.get('referer');
  if (referer !== null) {
    try {
      if (new URL(referer).origin === expected) return null;
    } catch {
      /* malformed referer: refuse below */
    }
  }
  return jsonError('bad_origin', 'Cross-origin request refused: send an Origin header.');
}

/** Parse a JSON body of at most `maxBytes`; returns the value or an error response. */
export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json') && !type.toLowerCase().startsWith('text/plain')) {
    return { ok: false, response: jsonError('unsupported_media_type', 'Send the body as application/json.') };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    return { ok: false, response: jsonError('payload_too_large', `Body larger than ${maxBytes} bytes.`) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError('bad_request', 'Body is not valid JSON.') };
  }
}

/**
 * Text fields of a form POST (urlencoded or multipart), at most `maxBytes`; files are ignored.
 * Malformed or oversized bodies give an empty object, which the zod schemas then reject field by field.
 */
export async function readFormFields(request: Request, maxBytes = 256 * 1024): Promise<Record<string, string>> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBytes) return {};
  try {
    const form = await request.formData();
    const out: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in out)) out[key] = value;
    return out;
  } catch {
    return {};
  }
}
