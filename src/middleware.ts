import { defineMiddleware } from 'astro:middleware';
import { createT, isLocale, localeFromAcceptLanguage } from './i18n/index.ts';
import { getConfig } from './lib/server/config.ts';
import { securityHeaders } from './lib/server/security-headers.ts';
import { getSessionCookieName, validateSessionToken } from './lib/server/auth/session.ts';
import { deleteSessionCookie, setSessionCookie } from './lib/server/auth/cookie.ts';
import { toViewer } from './lib/server/auth/viewer.ts';
import { checkRule, isApiPath, loginRedirectPath, ruleFor } from './lib/server/auth/route-guard.ts';
import { jsonError } from './lib/server/http.ts';
import { logError, logEvent, pathForLog } from './lib/server/log.ts';
import { getDb } from './lib/server/db.ts';
import { isBusyError, openWriteWindow, waitForWriteLock } from './lib/server/db/busy.ts';
import { itemFromPath } from './lib/content/routes.ts';

export const LOCALE_COOKIE = 'jisou_locale';

export const onRequest = defineMiddleware(async (context, next) => {
  try {
    return await handleRequest(context, next);
  } catch (error) {
    // Another process held the database lock longer than this request could wait: a clear 503 to retry,
    // not a 500 (nothing was written: SQLite statements and transactions are all-or-nothing).
    if (isBusyError(error)) return busyResponse(context);
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

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function handleRequest(context: Context, next: Next): Promise<Response> {
  // Requests that write wait here, off the event loop, while another process holds the write lock; the
  // short busy timeout of the request connection then never has to wait long (src/lib/server/db.ts).
  if (READ_METHODS.has(context.request.method)) return handleWithViewer(context, next);
  const config = getConfig();
  const sqlite = getDb().$client;
  if (!(await waitForWriteLock(sqlite, config.DATABASE_LOCK_WAIT_MS))) return busyResponse(context);
  // The lock was free a moment ago: this request's writes may wait a little for one taken since (busy.ts).
  const closeWindow = openWriteWindow(sqlite);
  try {
    return await handleWithViewer(context, next);
  } finally {
    closeWindow();
  }
}

async function handleWithViewer(context: Context, next: Next): Promise<Response> {
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

function busyResponse(context: Context): Response {
  logEvent('warn', 'database locked by another process; request answered 503', { id: context.request.headers.get('x-request-id'), method: context.request.method, path: pathForLog(context.url.pathname) });
  const locale = context.locals.locale ?? localeFromAcceptLanguage(context.request.headers.get('accept-language'));
  const t = createT(locale);
  const headers = { 'Retry-After': '2', 'Cache-Control': 'no-store' };
  if (isApiPath(context.url.pathname)) return jsonError('unavailable', t('portal.busy.text'), undefined, headers);
  return new Response(`${t('portal.busy.title')}\n\n${t('portal.busy.text')}\n`, { status: 503, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}
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
