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

/** The same headers as a flat [name, value, …] list, the form `writeHead` takes on a raw Node response. */
export function securityHeaderList(production: boolean): string[] {
  return Object.entries(securityHeaders(production)).flat();
}
