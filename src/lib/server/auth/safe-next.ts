const BASE = 'http://jisou.invalid';

/**
 * Where to send someone after sign-in. Only paths on our own origin are allowed: `//evil`, `/\evil`,
 * `https://…`, and their percent-encoded forms all fall back to `/`.
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // Browsers treat backslashes as slashes and drop tabs/newlines; encoded forms may be decoded later.
  let probe = raw;
  for (let i = 0; i < 3; i++) {
    if (/[\u0000-\u001f\u007f\\]/.test(probe) || /^\/\s*\//.test(probe) || /^[\s/]*[a-z][a-z0-9+.-]*:/i.test(probe.slice(1))) {
      return fallback;
    }
    try {
      const decoded = decodeURIComponent(probe);
      if (decoded === probe) break;
      probe = decoded;
    } catch {
      return fallback;
    }
  }
  if (probe.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
