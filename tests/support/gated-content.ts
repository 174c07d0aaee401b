// Gated items and media picked from the real content, so the isolation tests follow the content.
import { canView, type Viewer } from '../../src/lib/access.ts';
import { mediaPathsOf } from '../../src/lib/content/media-refs.ts';
import type { Audience } from '../../src/schemas/common.ts';
import { hrefOf, items } from './portal-catalog.ts';

export const ACME: Viewer = { userId: 'x', role: 'customer', accountId: 'acct-acme', segment: 'high', plan: 'enterprise' };
export const GLOBEX: Viewer = { userId: 'y', role: 'customer', accountId: 'acct-globex', segment: 'tech', plan: 'starter' };

const audiencesByKey = new Map<string, Audience[]>();
for (const i of items) audiencesByKey.set(`${i.type}:${i.data.key}`, [...(audiencesByKey.get(`${i.type}:${i.data.key}`) ?? []), i.data.audience as Audience]);
const allowed = (type: string, key: string, viewer: Viewer | null) => (audiencesByKey.get(`${type}:${key}`) ?? []).some((a) => canView(viewer, a));

/** Pages Acme may open and Globex may not (every translation checked). */
export const acmeOnlyItems = items
  .filter((i) => allowed(i.type, i.data.key, ACME) && !allowed(i.type, i.data.key, GLOBEX))
  .map((i) => ({ href: hrefOf(i), title: i.data.title as string, key: i.data.key as string, locale: i.data.locale as string }));

/** Pages any signed-in person may open but a visitor may not. */
export const customersOnlyItems = items
  .filter((i) => !allowed(i.type, i.data.key, null) && allowed(i.type, i.data.key, GLOBEX))
  .map((i) => ({ href: hrefOf(i), title: i.data.title as string, key: i.data.key as string, locale: i.data.locale as string }));

const mediaAudiences = new Map<string, Audience[]>();
for (const i of items) {
  for (const p of mediaPathsOf({ audience: i.data.audience as Audience, data: i.data, body: i.body })) mediaAudiences.set(p, [...(mediaAudiences.get(p) ?? []), i.data.audience as Audience]);
}
const mediaFor = (viewer: Viewer | null, other: Viewer | null) =>
  [...mediaAudiences].filter(([, a]) => a.some((x) => canView(other, x)) && !a.some((x) => canView(viewer, x))).map(([p]) => `/media/${p.split('/').map(encodeURIComponent).join('/')}`);

/** Media files only signed-in people may fetch. */
export const customersOnlyMedia = mediaFor(null, GLOBEX);
/** Media files Acme may fetch and Globex may not (may be empty when no restricted item has media). */
export const acmeOnlyMedia = mediaFor(GLOBEX, ACME);
