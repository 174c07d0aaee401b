import type { AstroCookies } from 'astro';
import { getConfig } from '../config.ts';
import { getSessionCookieName } from './session.ts';

/** HttpOnly, SameSite=Lax, Path=/; Secure in production (required by the `__Host-` prefix). */
export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: number): void {
  cookies.set(getSessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().NODE_ENV === 'production',
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(getSessionCookieName(), '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().NODE_ENV === 'production',
    path: '/',
    maxAge: 0,
  });
}
