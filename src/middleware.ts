import { defineMiddleware } from 'astro:middleware';
import { createT, isLocale, localeFromAcceptLanguage } from './i18n/index.ts';

export const LOCALE_COOKIE = 'jisou_locale';

export const onRequest = defineMiddleware(async (context, next) => {
  const chosen = context.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : localeFromAcceptLanguage(context.request.headers.get('accept-language'));
  context.locals.locale = locale;
  context.locals.t = createT(locale);
  context.locals.viewer = null;
  return next();
});
