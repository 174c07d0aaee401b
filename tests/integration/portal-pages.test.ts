import { beforeAll, describe, expect, inject, it } from 'vitest';
import { toRoadmapPlan } from '../../src/lib/server/roadmaps/roadmap-plan.ts';
import type { RoadmapData } from '../../src/schemas/roadmap.ts';
import { TYPE_SEGMENT } from '../../src/lib/content/routes.ts';
import { CONTENT_TYPES, LEVELS, type ContentType } from '../../src/schemas/common.ts';
import {
  CUSTOMER,
  audienceOf,
  contentKeysIn,
  en,
  h1Of,
  hiddenKeys,
  hrefOf,
  html,
  items,
  ja,
  pickFor,
  signInCustomer,
  titleOf,
  visibleKeys,
} from '../support/portal-catalog.ts';
import { canView } from '../../src/lib/access.ts';

const baseUrl = inject('baseUrl');
let customerCookie = '';
beforeAll(() => {
  customerCookie = signInCustomer(inject('databasePath'));
});
/** GET as the signed-in customer (most demo content is for customers), or as a visitor with { visitor: true }. */
const get = (path: string, headers: Record<string, string> = {}, opts: { visitor?: boolean } = {}) =>
  fetch(new URL(path, baseUrl), {
    redirect: 'manual',
    headers: { 'accept-language': 'ja', ...(opts.visitor ? {} : { cookie: customerCookie }), ...headers },
  });
const visitorKeys = (type?: ContentType) => visibleKeys(CUSTOMER, type);
const visitorPick = (key: string, locale: 'ja' | 'en') => pickFor(CUSTOMER, key, locale);
const page = async (path: string, headers?: Record<string, string>, opts?: { visitor?: boolean }) => {
  const res = await get(path, headers, opts);
  return { status: res.status, body: await res.text(), res };
};
/**
 * Problems that would mean framework JavaScript on a page: islands, inline scripts, or script files that
 * are large or carry a UI framework runtime. Small first-party files (tracker, search shortcut) are fine.
 */
async function frameworkScripts(body: string): Promise<string[]> {
  const problems: string[] = [];
  if (body.includes('<astro-island')) problems.push('astro-island');
  for (const tag of body.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\ssrc="([^"]+)"/.exec(tag)?.[1];
    if (!src || !src.startsWith('/')) {
      problems.push(`inline or off-site script: ${tag}`);
      continue;
    }
    const code = await (await fetch(new URL(src, baseUrl))).text();
    if (code.length > 20_000) problems.push(`${src} is ${code.length} bytes`);
    if (/\b(react|preact|vue|svelte|solid-js)\b/i.test(code)) problems.push(`${src} carries a UI framework`);
  }
  return problems;
}
const order = (i: { data: Record<string, unknown> }) => i.data.order as number;

describe('home and the learning pyramid', () => {
  it('shows all five levels with their labels and the visible items of each', async () => {
    const { status, body } = await page('/');
    expect(status).toBe(200);
    expect(body).toMatch(/<html lang="ja"/);
    expect(h1Of(body)).toHaveLength(1);
    const keys = contentKeysIn(body);
    for (const level of LEVELS) {
      expect(body).toContain(`href="/levels/${level}"`);
      expect(body).toContain(html(ja[`portal.level.${level}`]!));
      const onLevel = visitorKeys().filter((k) => {
        const item = visitorPick(k, 'ja')!;
        return item.data.level === level && item.type !== 'roadmap';
      });
      if (onLevel.length > 0) expect(onLevel.some((k) => keys.has(k)), `level ${level} shows one of its items`).toBe(true);
    }
    // "Your position" is only drawn when the tracking work passes one.
    expect(body).not.toContain('data-pyramid-position');
  });
});

describe('list pages', () => {
  it.each(CONTENT_TYPES.map((t) => [t]))('/%s lists every item of the type a visitor may open, with the count', async (type) => {
    const { status, body } = await page(`/${TYPE_SEGMENT[type as ContentType]}`);
    expect(status).toBe(200);
    expect(h1Of(body)).toEqual([ja[`portal.types.${type}`]]);
    const expected = visitorKeys(type as ContentType);
    const keys = contentKeysIn(body);
    for (const key of expected) expect(keys.has(key), key).toBe(true);
    expect(body).toContain(ja['portal.list.count']!.replace('{count}', String(expected.length)));
  });

  it.each(LEVELS.map((l) => [l]))('/levels/%i renders the level page', async (level) => {
    const { status, body } = await page(`/levels/${level}`);
    expect(status).toBe(200);
    expect(h1Of(body)[0]).toContain(ja[`portal.level.${level}`]);
  });

  it('answers unknown levels with the 404 page', async () => {
    for (const path of ['/levels/0', '/levels/6', '/levels/01', '/levels/x']) expect((await get(path)).status, path).toBe(404);
  });

  it('narrows a list with the tag filter (GET form, no JavaScript) and shows how many match', async () => {
    // Find a type with a tag that some, but not all, of its visitor-visible items carry.
    let found: { type: ContentType; tag: string; withTag: string[]; without: string[] } | undefined;
    for (const type of CONTENT_TYPES) {
      const visible = visitorKeys(type).map((k) => visitorPick(k, 'ja')!);
      for (const tag of new Set(visible.flatMap((i) => i.data.tags as string[]))) {
        const withTag = visible.filter((i) => (i.data.tags as string[]).includes(tag)).map((i) => i.data.key);
        if (withTag.length < visible.length) {
          found = { type, tag, withTag, without: visible.map((i) => i.data.key).filter((k) => !withTag.includes(k)) };
          break;
        }
      }
      if (found) break;
    }
    expect(found, 'the content needs a tag that narrows some list').toBeDefined();
    const { type, tag, withTag, without } = found!;
    const path = `/${TYPE_SEGMENT[type]}`;
    const { body: full } = await page(path);
    expect(full).toMatch(/<form[^>]*method="get"/);
    expect(full).toContain(`<option value="${html(tag)}"`);
    const { status, body } = await page(`${path}?tag=${encodeURIComponent(tag)}`);
    expect(status).toBe(200);
    const keys = contentKeysIn(body);
    for (const key of withTag) expect(keys.has(key)).toBe(true);
    for (const key of without) expect(keys.has(key)).toBe(false);
    const counted = ja['portal.list.countFiltered']!.replace('{total}', String(withTag.length + without.length));
    expect(body).toContain(counted.replace('{shown}', String(withTag.length)));
  });
});

describe('detail pages', () => {
  const sample = (type: ContentType) => {
    const key = visitorKeys(type)[0];
    expect(key, `the content needs one public ${type}`).toBeDefined();
    return visitorPick(key!, 'ja')!;
  };

  it.each(CONTENT_TYPES.map((t) => [t]))('a %s page has its title, breadcrumbs, level badge and tagged article', async (type) => {
    const item = sample(type as ContentType);
    const { status, body } = await page(hrefOf(item));
    expect(status).toBe(200);
    expect(h1Of(body)).toEqual([titleOf(item)]);
    expect(body).toContain(`aria-label="${ja['portal.breadcrumb.label']}"`);
    expect(body).toContain(`href="/levels/${item.data.level}"`);
    expect(body).toMatch(new RegExp(`<article[^>]*data-content-key="${item.data.key}"[^>]*data-content-type="${type}"`));
    expect(await frameworkScripts(body)).toEqual([]);
  });

  it('a manual page has a table of contents from its headings and the next step of its series', async () => {
    const manual = sample('manual');
    const { body } = await page(hrefOf(manual));
    const series = items.filter(
      (i) => i.type === 'manual' && canView(CUSTOMER, audienceOf(i)) && i.data.series === manual.data.series && i.data.locale === manual.data.locale,
    );
    const next = series.filter((i) => order(i) > order(manual)).sort((a, b) => order(a) - order(b))[0];
    if (/^##\s/m.test(manual.body)) expect(body).toContain(ja['portal.manual.toc']);
    expect(body).toContain(ja['portal.manual.series']);
    if (next) expect(body).toMatch(new RegExp(`<a[^>]*href="${hrefOf(next)}"[^>]*rel="next"`));
  });

  it('renders the MDX components authors use (Callout, Steps, Kbd, Figure) with their markup', async () => {
    const markers: [string, RegExp, RegExp][] = [
      ['Callout', /<Callout\b/, /class="callout callout--(note|tip|warning)"[^>]*role="note"/],
      ['Steps', /<Steps\b/, /<div class="steps"[^>]*>\s*<ol>/],
      ['Kbd', /<Kbd\b/, /<kbd class="kbd"/],
      ['Figure', /<Figure\b/, /<figure class="figure"[^>]*><img src="\/media\//],
    ];
    for (const [name, inSource, inPage] of markers) {
      const item = items.find((i) => !i.data.draft && inSource.test(i.body) && pickFor(CUSTOMER, i.data.key, 'ja') === i);
      expect(item, `the content uses ${name} somewhere a customer can read`).toBeDefined();
      const { status, body } = await page(hrefOf(item!));
      expect(status).toBe(200);
      expect(body, `${name} on ${hrefOf(item!)}`).toMatch(inPage);
    }
  });

  it('a webinar page has the player with poster and chapters, speakers, length and date', async () => {
    const webinar = sample('webinar');
    const video = webinar.data.video as { src: string; poster?: string; chapters: { title: string }[] };
    const { body } = await page(hrefOf(webinar));
    expect(body).toMatch(/<video[^>]*controls[^>]*preload="metadata"/);
    expect(body).toContain(`src="/media/${video.src}"`);
    if (video.poster) expect(body).toContain(`poster="/media/${video.poster}"`);
    for (const c of video.chapters) expect(body).toContain(html(c.title));
    for (const s of webinar.data.speakers as { name: string }[]) expect(body).toContain(html(s.name));
    expect(body).toContain(ja['portal.webinar.duration']);
    expect(body).toContain(ja['portal.webinar.heldAt']);
  });

  it('a case study shows customer, industry and results before → after', async () => {
    const study = sample('case-study');
    const { body } = await page(hrefOf(study));
    expect(body).toContain(html(study.data.customer as string));
    expect(body).toContain(html(study.data.industry as string));
    for (const r of study.data.results as { label: string; value: string; before?: string }[]) {
      expect(body).toContain(html(r.label));
      expect(body).toContain(html(r.value));
      if (r.before) expect(body).toContain(html(r.before));
    }
  });

  it('an announcement links the referenced items a visitor may open, and only those', async () => {
    const news = sample('announcement');
    const { body } = await page(hrefOf(news));
    const open = new Set(visitorKeys());
    const keys = contentKeysIn(body);
    for (const ref of news.data.refs as string[]) expect(keys.has(ref), ref).toBe(open.has(ref));
  });

  it('a roadmap lists its stages in order with the items a visitor may open', async () => {
    const roadmap = sample('roadmap');
    const { body } = await page(hrefOf(roadmap));
    // Both schema versions read as one plan (v2: stages named for the customer, with the items of each action).
    const stages = toRoadmapPlan(roadmap.data as RoadmapData).stages;
    const positions = stages.map((s) => body.indexOf(html(s.customerTitle)));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const open = new Set(visitorKeys());
    const keys = contentKeysIn(body);
    for (const key of stages.flatMap((s) => s.actions.flatMap((a) => a.items))) expect(keys.has(key), key).toBe(open.has(key));
  });
});

describe('gating and errors', () => {
  it('keeps items out of lists and the home page for whoever may not open them, and sends visitors to sign in', async () => {
    const paths = ['/', ...CONTENT_TYPES.map((t) => `/${TYPE_SEGMENT[t]}`), ...LEVELS.map((l) => `/levels/${l}`)];
    for (const [who, hidden, visitor] of [
      ['visitor', hiddenKeys(null), true],
      ['customer', hiddenKeys(CUSTOMER), false],
    ] as const) {
      expect(hidden.length, `the content needs an item a ${who} may not open`).toBeGreaterThan(0);
      for (const path of paths) {
        const { body } = await page(path, {}, { visitor });
        for (const key of hidden) expect(contentKeysIn(body).has(key), `${key} on ${path} for a ${who}`).toBe(false);
      }
    }
    const item = items.find((i) => i.data.key === hiddenKeys(null)[0])!;
    const res = await get(`${hrefOf(item)}?from=test`, {}, { visitor: true });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`${hrefOf(item)}?from=test`)}`);
  });

  it('invites visitors to sign in where customer content is hidden, and not signed-in customers', async () => {
    const visitor = await page('/manuals?tag=x', {}, { visitor: true });
    expect(visitor.body).toContain(ja['portal.signInHint.text']);
    expect(visitor.body).toContain(`href="/login?next=${encodeURIComponent('/manuals?tag=x')}"`);
    expect((await page('/manuals')).body).not.toContain(ja['portal.signInHint.text']);
    // A level whose items are all for customers says "sign in", not "coming soon", to a visitor.
    const locked = LEVELS.find((l) => {
      const onLevel = items.filter((i) => i.data.level === l && i.type !== 'roadmap');
      return onLevel.length > 0 && onLevel.every((i) => i.data.audience !== 'public');
    });
    if (locked) expect((await page('/', {}, { visitor: true })).body).toContain(ja['portal.pyramid.locked']);
  });

  it('answers a missing key with the localized 404 page and a way back', async () => {
    const jaPage = await page('/manuals/no-such-manual-key');
    expect(jaPage.status).toBe(404);
    expect(h1Of(jaPage.body)).toEqual([ja['portal.notFound.title']]);
    expect(jaPage.body).toContain('href="/"');
    const enPage = await page('/articles/no-such-article', { 'accept-language': 'en-US,en;q=0.9' }, { visitor: true });
    expect(enPage.status).toBe(404);
    expect(enPage.body).toMatch(/<html lang="en"/);
    expect(h1Of(enPage.body)).toEqual([en['portal.notFound.title']]);
  });

  it('serves English UI and the English manual for Accept-Language: en', async () => {
    const manual = items.find((i) => i.type === 'manual' && i.data.locale === 'en' && i.data.audience === 'public');
    expect(manual, 'the content needs a public English manual').toBeDefined();
    const { status, body } = await page(hrefOf(manual!), { 'accept-language': 'en' }, { visitor: true });
    expect(status).toBe(200);
    expect(body).toMatch(/<html lang="en"/);
    expect(h1Of(body)).toEqual([titleOf(manual!)]);
    expect(body).toMatch(/<article[^>]*lang="en"/);
    expect(body).toContain(en['portal.nav.pyramid']);
    expect(body).not.toContain('data-locale-fallback');
  });

  it('tells an English reader when an item exists only in Japanese, and links the translation otherwise', async () => {
    const jaOnly = items.find(
      (i) => i.data.audience === 'public' && !items.some((o) => o.data.key === i.data.key && o.data.locale === 'en'),
    );
    expect(jaOnly, 'the content needs a public item without an English version').toBeDefined();
    const { body } = await page(hrefOf(jaOnly!), { 'accept-language': 'en' }, { visitor: true });
    expect(body).toContain('data-locale-fallback');
    expect(body).toMatch(/<article[^>]*lang="ja"/);
    const both = items.find((i) => i.data.audience === 'public' && i.data.locale === 'en' && items.some((o) => o.data.key === i.data.key && o.data.locale === 'ja'));
    expect(both, 'the content needs a public item in both languages').toBeDefined();
    const en = await page(hrefOf(both!), { 'accept-language': 'en' }, { visitor: true });
    expect(en.body).toContain(`href="${hrefOf(both!)}?lang=ja"`);
    const jaVersion = await page(`${hrefOf(both!)}?lang=ja`, { 'accept-language': 'en' }, { visitor: true });
    expect(jaVersion.body).toMatch(/<html lang="en"/);
    expect(jaVersion.body).toMatch(/<article[^>]*lang="ja"/);
  });

  it('ships no framework JavaScript on content pages (only small first-party script files)', async () => {
    const details = CONTENT_TYPES.flatMap((t) => visitorKeys(t).slice(0, 1).map((k) => hrefOf(visitorPick(k, 'ja')!)));
    for (const path of ['/', '/manuals', '/levels/1', ...details]) {
      const { status, body } = await page(path);
      expect(status, path).toBe(200);
      expect(await frameworkScripts(body), path).toEqual([]);
    }
  });
});
