import { defineMiddleware } from 'astro:middleware';
import { createT, isLocale, localeFromAcceptLanguage } from './i18n/index.ts';
import { getConfig } from './lib/server/config.ts';
import { securityHeaders } from './lib/server/security-headers.ts';
import { getSessionCookieName, validateSessionToken } from './lib/server/auth/session.ts';
import { deleteSessionCookie, setSessionCookie } from './lib/server/auth/cookie.ts';
import { toViewer } from './lib/server/auth/viewer.ts';
import { checkRule, isApiPath, loginRedirectPath, ruleFor } from './lib/server/auth/route-guard.ts';
import { jsonError } from './lib/server/http.ts';
import { logError, pathForLog } from './lib/server/log.ts';
import { itemFromPath } from './lib/content/routes.ts';

export const LOCALE_COOKIE = 'jisou_locale';

export const onRequest = defineMiddleware(async (context, next) => {
  try {
    return await handleRequest(context, next);
  } catch (error) {
    // Logged with the request id that scripts/lib/serve.ts put on the request; the browser then gets
    // Astro's plain 500 page, never the error or its stack.
    // A content page names its item, so the writer knows which file to open (the cause follows as `error`).
    const item = itemFromPath(context.url.pathname);
    logError(item ? 'content page failed to render' : 'page failed', error, {
      id: context.request.headers.get('x-request-id'),
      method: context.request.method,
      path: pathForLog(context.url.pathname),
      ...(item ? { itemType: item.type, itemKey: item.key } : {}),
    });
    throw error;
  }
});

async function handleRequest(context: Context, next: Next): Promise<Response> {
  // Session first: the person's saved language is a fallback for the locale below.
  const token = context.cookies.get(getSessionCookieName())?.value;
  const { session, user } = token ? validateSessionToken(token) : { session: null, user: null };
  if (session?.fresh && token) setSessionCookie(context.cookies, token, session.expiresAt);
  if (token && !session) deleteSessionCookie(context.cookies);
  context.locals.session = session;
  context.locals.user = user;
  context.locals.viewer = user ? toViewer(user) : null;

  const chosen = context.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen)
    ? chosen
    : (user?.locale ?? localeFromAcceptLanguage(context.request.headers.get('accept-language')));
  context.locals.locale = locale;
  context.locals.t = createT(locale);

  const response = await guard(context, next);
  return withSecurityHeaders(response, Boolean(user));
}

type Context = Parameters<Parameters<typeof defineMiddleware>[0]>[0];
type Next = Parameters<Parameters<typeof defineMiddleware>[0]>[1];

async function guard(context: Context, next: Next): Promise<Response> {
  const rule = ruleFor(context.url.pathname);
  if (rule === null) return next();
  const verdict = checkRule(rule, context.locals.viewer);
  if (verdict.allow) return next();
  if (isApiPath(context.url.pathname)) {
    return verdict.status === 401 ? jsonError('unauthorized', 'Sign in first.') : jsonError('forbidden', 'Your role does not allow this.');
  }
  if (verdict.status === 401) return context.redirect(loginRedirectPath(context.url), 303);
  const page = await next('/forbidden');
  return new Response(page.body, { status: 403, headers: page.headers });
}

function withSecurityHeaders(response: Response, signedIn: boolean): Response {
  const headers = securityHeaders(getConfig().NODE_ENV === 'production');
  try {
    // A page may tighten the referrer policy (one-time link pages: same-origin only); everything else is forced.
    for (const [name, value] of Object.entries(headers)) {
      if (name === 'Referrer-Policy' && response.headers.has(name)) continue;
      response.headers.set(name, value);
    }
    // Pages rendered for a signed-in person may hold account data: never cache them in shared caches.
    if (signedIn && !response.headers.has('cache-control')) response.headers.set('Cache-Control', 'private, no-store');
    return response;
  } catch {
    // Some responses (e.g. Response.redirect) have immutable headers: copy them.
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
