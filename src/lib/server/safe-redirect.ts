/**
 * A `next` target we may redirect to after a form post: a same-origin absolute path only.
 * Anything that a browser could read as another host (`//evil`, `/\evil`, `https://…`, control
 * characters) falls back to `/`, so the locale switch and sign-in cannot be used as open redirects.
 */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/')) return fallback;
  if (next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers strip tabs/newlines and treat backslashes as slashes, so "/\t/evil" would become "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://jisou.invalid');
    if (url.origin !== 'http://jisou.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
