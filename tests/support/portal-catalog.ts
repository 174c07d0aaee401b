// What the portal tests expect, derived from the real content files, so tests follow the content.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateContent, type CheckedItem } from '../../src/lib/content/validate.ts';
import { itemHref } from '../../src/lib/content/routes.ts';
import type { Audience, ContentType } from '../../src/schemas/common.ts';
import { canView, type Viewer } from '../../src/lib/access.ts';
import { ROOT } from './server.ts';
import { createPerson } from './tracking.ts';

export const items: CheckedItem[] = validateContent(ROOT).items.filter((i) => !i.data.draft);

const messages = (locale: 'ja' | 'en') =>
  JSON.parse(readFileSync(join(ROOT, 'src/i18n', locale, 'portal.json'), 'utf8')) as Record<string, string>;
export const ja = messages('ja');
export const en = messages('en');

export const isPublic = (i: CheckedItem) => i.data.audience === 'public';
export const audienceOf = (i: CheckedItem) => i.data.audience as Audience;
export const hrefOf = (i: CheckedItem) => itemHref(i.type, i.data.key);
export const titleOf = (i: CheckedItem) => i.data.title as string;

/** Most of the demo content is for signed-in customers: the page tests read it as this customer. */
export const CUSTOMER: Viewer = { userId: 'test', role: 'customer', accountId: 'test', segment: 'tech', plan: 'no-such-plan' };

/** A real session for a person matching CUSTOMER, created in the test server's database. */
export function signInCustomer(databasePath: string): string {
  return createPerson(databasePath, { segment: CUSTOMER.segment, plan: CUSTOMER.plan }).cookie;
}

/** Keys the viewer may open (any translation). */
export function visibleKeys(viewer: Viewer | null, type?: ContentType): string[] {
  return [...new Set(items.filter((i) => canView(viewer, audienceOf(i)) && (!type || i.type === type)).map((i) => i.data.key))];
}

/** Keys no translation of which the viewer may open: they must never see them. */
export function hiddenKeys(viewer: Viewer | null): string[] {
  const open = new Set(visibleKeys(viewer));
  return [...new Set(items.filter((i) => !open.has(i.data.key)).map((i) => i.data.key))];
}

/** The translation a reader of `locale` gets among those they may open: theirs, else ja, else any. */
export function pickFor(viewer: Viewer | null, key: string, locale: 'ja' | 'en'): CheckedItem | undefined {
  const t = items.filter((i) => i.data.key === key && canView(viewer, audienceOf(i)));
  return t.find((i) => i.data.locale === locale) ?? t.find((i) => i.data.locale === 'ja') ?? t[0];
}

/** HTML-escape like Astro does, to find titles in markup. */
export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** data-content-key values in a page. */
export function contentKeysIn(page: string): Set<string> {
  return new Set([...page.matchAll(/data-content-key="([^"]+)"/g)].map((m) => m[1]!));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Text of the page's H1 elements (tags stripped, entities decoded). */
export function h1Of(page: string): string[] {
  return [...page.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!).trim(),
  );
}
