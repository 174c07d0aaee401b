/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Reader's language: their choice (cookie), else Accept-Language, else ja. */
    locale: import('./schemas/common.ts').Locale;
    t: import('./i18n/index.ts').Translate;
    /** Signed-in person (filled by the session middleware), or null for a visitor. */
    viewer: import('./lib/access.ts').Viewer | null;
    /** Signed-in person's profile (name, email, account name), or null. Filled by the middleware. */
    user: import('./lib/server/auth/session.ts').SessionUser | null;
    /** Current session (its id is the token's SHA-256), or null. */
    session: import('./lib/server/auth/session.ts').Session | null;
  }
}
