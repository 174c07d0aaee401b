import { describe, expect, inject, it } from 'vitest';
import { TYPE_SEGMENT } from '../../src/lib/content/routes.ts';
import { mediaPathsOf } from '../../src/lib/content/media-refs.ts';
import { SEGMENTS, type Audience } from '../../src/schemas/common.ts';
import { CUSTOMER, contentKeysIn, h1Of, hiddenKeys, hrefOf, isPublic, items, ja, signInCustomer, visibleKeys } from '../support/portal-catalog.ts';
import { findComponentAttrs } from '../../src/lib/content/validate.ts';
import { createPerson } from '../support/tracking.ts';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const get = (path: string, cookie?: string) =>
  fetch(new URL(path, baseUrl), { redirect: 'manual', headers: { 'accept-language': 'ja', ...(cookie ? { cookie } : {}) } });

type Restricted = Exclude<Audience, 'public' | 'customers'>;
const audienceOf = (i: (typeof items)[number]) => i.data.audience as Audience;
const customersOnly = items.find((i) => audienceOf(i) === 'customers' && !items.some((o) => o.data.key === i.data.key && isPublic(o)));
const restricted = items.find((i) => typeof audienceOf(i) === 'object');

/** Someone whose account matches none of the audience's segments or plans. */
function outsider(audience: Restricted) {
  const segment = SEGMENTS.find((s) => !audience.segments.includes(s)) ?? 'tech';
  return createPerson(databasePath, { segment, plan: 'no-such-plan' });
}
function insider(audience: Restricted) {
  return audience.segments.length > 0
    ? createPerson(databasePath, { segment: audience.segments[0], plan: 'no-such-plan' })
    : createPerson(databasePath, { segment: 'tech', plan: audience.plans[0] });
}

describe('signed-in viewers', () => {
  it('a customer opens and sees customers-only items that visitors cannot', async () => {
    expect(customersOnly, 'the content needs an item with audience "customers"').toBeDefined();
    const person = createPerson(databasePath, { segment: 'tech', plan: 'no-such-plan' });
    const path = hrefOf(customersOnly!);
    expect((await get(path)).status).toBe(302);
    const res = await get(path, person.cookie);
    expect(res.status).toBe(200);
    expect(h1Of(await res.text())[0]).toBeTruthy();
    const list = await (await get(`/${TYPE_SEGMENT[customersOnly!.type]}`, person.cookie)).text();
    expect(contentKeysIn(list).has(customersOnly!.data.key)).toBe(true);
  });

  it('an account outside a restricted audience gets the 403 page and never sees the item listed', async () => {
    expect(restricted, 'the content needs an item restricted to segments or plans').toBeDefined();
    const audience = audienceOf(restricted!) as Restricted;
    const path = hrefOf(restricted!);
    const list = `/${TYPE_SEGMENT[restricted!.type]}`;

    const out = outsider(audience);
    const denied = await get(path, out.cookie);
    expect(denied.status).toBe(403);
    expect(h1Of(await denied.text())).toEqual([ja['portal.forbidden.title']]);
    for (const p of ['/', list, `/levels/${restricted!.data.level}`]) {
      expect(contentKeysIn(await (await get(p, out.cookie)).text()).has(restricted!.data.key), p).toBe(false);
    }

    const inside = insider(audience);
    expect((await get(path, inside.cookie)).status).toBe(200);
    expect(contentKeysIn(await (await get(list, inside.cookie)).text()).has(restricted!.data.key)).toBe(true);

    const staff = createPerson(databasePath, { role: 'manager', account: false });
    expect((await get(path, staff.cookie)).status).toBe(200);
  });

  it('gates media like the items that use it: 401 for visitors, 403 outside the audience, 200 inside', async () => {
    const openPaths = new Set(items.filter(isPublic).flatMap((i) => mediaPathsOf({ audience: audienceOf(i), data: i.data, body: i.body })));
    const gated = items
      .filter((i) => !isPublic(i))
      .flatMap((i) => mediaPathsOf({ audience: audienceOf(i), data: i.data, body: i.body }).map((path) => ({ path, item: i })))
      .find(({ path }) => !openPaths.has(path));
    expect(gated, 'the content needs a media file used only by non-public items').toBeDefined();
    const { path, item } = gated!;
    const visitor = await get(`/media/${path}`);
    expect(visitor.status).toBe(401);
    expect(visitor.headers.get('location')).toBeNull();
    const users = items.filter((i) => mediaPathsOf({ audience: audienceOf(i), data: i.data, body: i.body }).includes(path)).map(audienceOf);
    if (users.every((a) => typeof a === 'object')) {
      const out = outsider(audienceOf(item) as Restricted);
      const allowedForOutsider = users.some((a) => typeof a === 'object' && (a as Restricted).plans.includes('no-such-plan'));
      if (!allowedForOutsider) expect((await get(`/media/${path}`, out.cookie)).status).toBe(403);
    }
    const member = typeof audienceOf(item) === 'object' ? insider(audienceOf(item) as Restricted) : createPerson(databasePath);
    const ok = await get(`/media/${path}`, member.cookie);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toMatch(/^private/);
    await ok.arrayBuffer();
  });

  it('an ItemLink to an item the reader may not open is plain text; for a reader who may, it is a link', async () => {
    const hidden = new Set(hiddenKeys(null));
    const customerSees = new Set(visibleKeys(CUSTOMER));
    const found = items
      .filter(isPublic)
      .flatMap((page) => findComponentAttrs(page.body, 'ItemLink', 'to').map((l) => ({ page, to: l.value })))
      .find(({ to }) => hidden.has(to) && customerSees.has(to));
    expect(found, 'the content needs a public page linking to a customers-only item').toBeDefined();
    const { page, to } = found!;
    const path = `${hrefOf(page)}?lang=${page.data.locale}`;
    const visitorBody = await (await get(path)).text();
    expect(visitorBody).not.toContain(`data-item-link="${to}"`);
    expect(visitorBody).toContain('item-link--locked');
    const customerBody = await (await get(path, signInCustomer(databasePath))).text();
    expect(customerBody).toContain(`data-item-link="${to}"`);
  });
});
