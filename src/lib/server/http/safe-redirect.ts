const BASE = 'http://jisou.invalid';
const MAX_LENGTH = 2000;

/**
 * Could a browser read this Location value as another host or scheme? Checked on the raw value *and*
 * on the normalised result: URL parsing resolves dot segments (`/..//evil`, `/.//evil`, `/%2e//evil`,
 * `/x/..//evil` all become `//evil`), so a check of the raw string alone lets a protocol-relative
 * path through.
 */
function looksForeign(path: string): boolean {
  if (!path.startsWith('/')) return true;
  // Browsers treat backslashes as slashes and drop tabs/newlines, so "/\t/evil" reads as "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return true;
  if (/^\/\s*\//.test(path)) return true;
  return /^[\s/]*[a-z][a-z0-9+.-]*:/i.test(path.slice(1));
}

/**
 * A `next` target we may redirect to after a form post or sign-in: a same-origin absolute path only.
 * Anything a browser could read as another host (`//evil`, `/\evil`, `https://…`, control characters,
 * their percent-encoded forms, and dot segments that collapse into `//evil`) falls back to `fallback`.
 * The value returned is the normalised path, re-validated after normalisation.
 */
export function safeNextPath(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  // Encoded forms may be decoded by a proxy or a later hop: look through up to three layers.
  let probe = raw;
  for (let i = 0; i < 3; i++) {
    if (looksForeign(probe) || resolvesForeign(probe)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(probe);
    } catch {
      return fallback;
    }
    if (decoded === probe) break;
    probe = decoded;
  }
  if (looksForeign(probe) || resolvesForeign(probe)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const result = `${url.pathname}${url.search}${url.hash}`;
  // The normalised path is what goes into Location: it must pass the same test, and parse back to itself.
  if (looksForeign(result) || looksForeign(safeDecode(url.pathname))) return fallback;
  const again = new URL(result, BASE);
  if (again.origin !== BASE || `${again.pathname}${again.search}${again.hash}` !== result) return fallback;
  return result;
}

/** Does URL parsing (dot segments resolved) turn this into another origin or a protocol-relative path? */
function resolvesForeign(path: string): boolean {
  try {
    const url = new URL(path, BASE);
    return url.origin !== BASE || looksForeign(url.pathname);
  } catch {
    return true;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '//';
  }
}
