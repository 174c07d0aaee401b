import type { APIRoute } from 'astro';
import { isLocale } from '../i18n/index.ts';
import { LOCALE_COOKIE } from '../middleware.ts';
import { safeNextPath } from '../lib/server/safe-redirect.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** The locale switcher's form target: remember the choice for a year, then go back where the reader was. */
export const POST: APIRoute = async ({ request, cookies, redirect, url }) => {
  const form = await request.formData().catch(() => null);
  const locale = form?.get('locale');
  if (!isLocale(locale)) {
    return new Response('Unknown language: send locale=ja or locale=en.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  cookies.set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: ONE_YEAR,
    sameSite: 'lax',
    httpOnly: true,
    secure: url.protocol === 'https:',
  });
  return redirect(safeNextPath(form?.get('next')), 303);
};
