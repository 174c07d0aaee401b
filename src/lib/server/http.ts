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
  | 'unavailable'
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
  unavailable: 503,
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
  const body = await readBodyCapped(request, maxBytes);
  if (body === null) {
    // Refused unread: close the connection, so the rest of the upload never meets the next request on it.
    return { ok: false, response: jsonError('payload_too_large', `Body larger than ${maxBytes} bytes.`, undefined, { Connection: 'close' }) };
  }
  const text = new TextDecoder().decode(body);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError('bad_request', 'Body is not valid JSON.') };
  }
}

/**
 * The request body, or null when it is larger than `maxBytes`. Streams with a running count, so a client
 * that leaves out Content-Length (chunked upload) cannot make the server buffer an unbounded body.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** A form body (urlencoded or multipart) of at most `maxBytes` as FormData, or null when too large or malformed. */
export async function readFormCapped(request: Request, maxBytes: number): Promise<FormData | null> {
  const body = await readBodyCapped(request, maxBytes);
  if (body === null) return null;
  try {
    return await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return null;
  }
}

/**
 * Text fields of a form POST (urlencoded or multipart), at most `maxBytes`; files are ignored.
 * Malformed or oversized bodies give an empty object, which the zod schemas then reject field by field.
 */
export async function readFormFields(request: Request, maxBytes = 256 * 1024): Promise<Record<string, string>> {
  const form = await readFormCapped(request, maxBytes);
  const out: Record<string, string> = {};
  if (!form) return out;
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in out)) out[key] = value;
  return out;
}
