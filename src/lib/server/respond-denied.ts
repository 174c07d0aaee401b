import type { ItemAccess } from './content-access.ts';

type Denied = Exclude<ItemAccess, { status: 'ok' }>;

interface PageContext {
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308): Response;
  rewrite(path: string): Promise<Response>;
}

/**
 * The response for an item the viewer cannot have: Astro's 404 page, a 302 to sign in (visitors), or
 * the 403 page (signed in, not in the audience). No redirect for the signed-in case: signing in again
 * would not help them.
 */
export function respondDenied(ctx: PageContext, access: Denied): Response | Promise<Response> {
  switch (access.status) {
    case 'not-found':
      return new Response(null, { status: 404 });
    case 'login':
      return ctx.redirect(access.location, 302);
    case 'forbidden':
      return ctx.rewrite('/403');
  }
}
