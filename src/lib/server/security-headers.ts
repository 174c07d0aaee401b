/**
 * Headers every response carries (pages, API, static files, media, 404). Scripts may only come from our
 * own origin as files: no inline scripts, so an injected <script> cannot run. Astro's own small
 * scripts are kept as files by `vite.build.assetsInlineLimit: 0` in astro.config.mjs. Inline styles stay
 * allowed because Astro inlines small stylesheets and style injection cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the search engine (Pagefind's WebAssembly) compile; it does not allow JS eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "media-src 'self' https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(production: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (production) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

// Built once per mode: every response (thousands of tracking beats a second) carries the same list.
const lists = new Map<boolean, [string, string][]>();

/** Put the headers on a raw Node response before any handler writes it (covers static files too). */
export function applySecurityHeaders(res: { setHeader(name: string, value: string): unknown }, production: boolean): void {
  let list = lists.get(production);
  if (!list) lists.set(production, (list = Object.entries(securityHeaders(production))));
  for (const [name, value] of list) res.setHeader(name, value);
}
