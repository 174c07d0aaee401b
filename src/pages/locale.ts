import type { APIRoute } from 'astro';
import { isLocale } from '../i18n/index.ts';
import { LOCALE_COOKIE } from '../middleware.ts';
import { safeNextPath } from '../lib/server/http/safe-redirect.ts';
import { readBodyCapped } from '../lib/server/http.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;
// Two short fields (locale, next ≤ 2,000 characters): anything bigger is not our form.
const MAX_BODY_BYTES = 8 * 1024;

// A body refused unread leaves the rest of the upload on the socket: close it, so no client reuses it.
const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...(status === 413 ? { Connection: 'close' } : {}) } });

/** The locale switcher's form target: remember the choice for a year, then go back where the reader was. */
export const POST: APIRoute = async ({ request, cookies, redirect, url }) => {
  const body = await readBodyCapped(request, MAX_BODY_BYTES);
  if (body === null) return plain(413, `Body larger than ${MAX_BODY_BYTES} bytes: send only locale and next.`);
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const locale = form.get('locale');
  if (!isLocale(locale)) return plain(400, 'Unknown language: send locale=ja or locale=en.');
  cookies.set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: ONE_YEAR,
    sameSite: 'lax',
    httpOnly: true,
    secure: url.protocol === 'https:',
  });
  return redirect(safeNextPath(form.get('next')), 303);
};
