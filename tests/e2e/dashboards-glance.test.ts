// Dashboards a manager reads at a glance, and pages that fit a phone, in Chromium (ja/en, 1280/390 px).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';
import { ROOT } from '../support/server.ts';

const baseUrl = inject('baseUrl');
const db = openDatabase(inject('databasePath'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  db.$client.close();
});

type Locale = 'ja' | 'en';
const dashboard = (locale: Locale) => JSON.parse(readFileSync(join(ROOT, 'src/i18n', locale, 'dashboard.json'), 'utf8')) as Record<string, string>;

async function pageAs(email: string | null, locale: Locale, width: number): Promise<Page> {
  const ctx = await browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US', viewport: { width, height: width > 600 ? 800 : 844 } });
  const cookies: { name: string; value: string; url: string }[] = [{ name: 'jisou_locale', value: locale, url: baseUrl }];
  if (email) {
    const user = db.$client.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string };
    const token = generateSessionToken();
    createSession(user.id, token, db);
    cookies.push({ name: 'jisou_session', value: token, url: baseUrl });
  }
  await ctx.addCookies(cookies);
  return ctx.newPage();
}
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const personPage = `/manage/accounts/users/${(db.$client.prepare('SELECT id FROM users WHERE email = ?').get('user@acme.example') as { id: string }).id}`;
const PAGES: Record<string, { email: string | null; paths: string[] }> = {
  visitor: { email: null, paths: ['/', '/manuals', '/levels/1', '/search?q=受信箱', '/login', '/manuals/getting-started', '/privacy'] },
  customer: { email: 'user@acme.example', paths: ['/', '/manuals', '/articles', '/webinars', '/case-studies', '/announcements', '/roadmaps', '/levels/2', '/me/progress', '/profile', '/webinars/webinar-kickoff-basics', '/privacy', '/search?q=設定'] },
  'customer-admin': { email: 'admin@acme.example', paths: ['/team', '/team/progress'] },
  manager: { email: 'manager@jisou.test', paths: ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/kpi/accounts/acct-acme', '/manage/alerts'] },
  admin: { email: 'admin@jisou.test', paths: ['/manage/accounts', '/manage/accounts/acct-acme', '/manage/accounts/new', '/manage/accounts/import', '/manage/accounts/staff', '/manage/accounts/audit', personPage] },
};

/** Every SVG text of the charts: rendered size and whether it stays inside its SVG (never clipped). */
const chartText = (page: Page) =>
  page.locator('.chart svg text').evaluateAll((els) =>
    els.map((e) => {
      const svg = (e as SVGTextElement).ownerSVGElement!;
      const box = svg.getBoundingClientRect();
      const r = e.getBoundingClientRect();
      return { text: e.textContent, px: parseFloat(getComputedStyle(e).fontSize) * svg.getScreenCTM()!.a, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 };
    }),
  );

describe('dashboards at a glance', () => {
  for (const locale of ['ja', 'en'] as const) {
    for (const width of [1280, 390]) {
      it(`a bad period shows the dashboard shell with the message and the form (${locale}, ${width} px)`, async () => {
        const m = dashboard(locale);
        for (const [email, path, nav] of [
          ['manager@jisou.test', '/manage/kpi/awareness', m['dashboard.nav.awareness']],
          ['admin@acme.example', '/team/progress', m['dashboard.nav.team']],
        ] as const) {
          const page = await pageAs(email, locale, width);
          const res = await page.goto(`${baseUrl}${path}?period=custom&from=2026-10-10&to=2026-10-01`);
          expect(res!.status()).toBe(400);
          expect(await page.locator('html').getAttribute('lang')).toBe(locale);
          expect(await page.locator('nav.dash-top [aria-current="page"]').innerText()).toBe(nav);
          expect(await page.locator('[data-query-problem]').innerText()).toContain(m['dashboard.query.from_after_to']);
          expect(await page.locator('input[name="from"]').inputValue()).toBe('2026-10-10');
          // The form fixes it: a valid period brings the dashboard back.
          await page.locator('input[name="from"]').fill('2026-09-01');
          await Promise.all([page.waitForURL(/from=2026-09-01/), page.locator('nav.period form button').click()]);
          expect(await page.locator('[data-query-problem]').count()).toBe(0);
          expect(await page.locator('main h1, .dash h1').first().innerText()).not.toBe('');
          expect(await overflow(page)).toBeLessThanOrEqual(0);
          await page.context().close();
        }
      });
    }

    it(`a manager finds the awareness rate of every item without scrolling sideways at 1280 px (${locale})`, async () => {
      const m = dashboard(locale);
      const page = await pageAs('manager@jisou.test', locale, 1280);
      await page.goto(`${baseUrl}/manage/kpi/awareness`);
      const table = page.locator('#awareness-items');
      const header = table.locator('th.kpi');
      expect(await header.innerText()).toContain(m['dashboard.col.awareness']);
      const cells = table.locator('tbody td.kpi');
      const count = await cells.count();
      expect(count).toBeGreaterThan(5);
      const rects = await cells.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width, text: e.textContent?.trim() }; }));
      for (const r of rects) {
        expect(r.width).toBeGreaterThan(0);
        expect(r.right).toBeLessThanOrEqual(1280);
        expect(r.text).toMatch(/%|–/);
      }
      expect(await table.locator('.scroll').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
      // The secondary columns are one click away.
      const hidden = await table.locator('th.is-secondary').count();
      expect(hidden).toBeGreaterThan(0);
      expect(await table.locator('th.is-secondary').first().isVisible()).toBe(false);
      await table.locator('.cols-toggle label').click();
      expect(await table.locator('th.is-secondary').first().isVisible()).toBe(true);
      await page.context().close();
    });

    it(`the awareness funnel of every item (the 30 least known on a big portal) is drawn, with its rate beside the title, at 1280 px (${locale})`, async () => {
      const m = dashboard(locale);
      const page = await pageAs('manager@jisou.test', locale, 1280);
      await page.goto(`${baseUrl}/manage/kpi/awareness`);
      const funnel = page.locator('#awareness-funnel');
      expect(await funnel.locator('h2').innerText()).toBe(m['dashboard.funnel.title']);
      const rows = funnel.locator('[data-funnel-row]');
      // One funnel per item of the table, at most 30; the intro says when there are more.
      const items = await page.locator('#awareness-items tbody tr').count();
      expect(await rows.count()).toBe(Math.min(30, items));
      if (items > 30) expect(await funnel.innerText()).toContain(m['dashboard.funnel.more']!.replace('{shown}', '30').split('{total}')[0]!);
      const drawn = await rows.evaluateAll((lis) =>
        lis.map((li) => {
          const bars = [...li.querySelectorAll<HTMLElement>('.funnel__bar')].map((b) => ({ step: b.dataset.step, width: b.getBoundingClientRect().width }));
          const figure = li.querySelector('[data-funnel-figure]')!.getBoundingClientRect();
          return { bars, figureRight: figure.right, figure: li.querySelector('[data-funnel-figure]')!.textContent, numbers: li.querySelector('.funnel__numbers')!.textContent };
        }),
      );
      for (const r of drawn) {
        expect(r.bars.map((b) => b.step)).toEqual(['audience', 'aware', 'viewed', 'engaged']);
        // Each step is no wider than the one before it (a funnel), the audience bar is drawn.
        expect(r.bars[0]!.width).toBeGreaterThan(0);
        for (let i = 1; i < r.bars.length; i++) expect(r.bars[i]!.width).toBeLessThanOrEqual(r.bars[i - 1]!.width + 0.5);
        expect(r.figureRight).toBeLessThanOrEqual(1280);
        expect(r.figure).toMatch(/%|–/);
        expect(r.numbers).toContain(m['dashboard.funnel.aware']);
      }
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.context().close();
    });

    for (const width of [1280, 390]) {
      it(`chart text is never clipped nor under 12 px, axes name their unit, targets sit in the legend (${locale}, ${width} px)`, async () => {
        const m = dashboard(locale);
        const page = await pageAs('manager@jisou.test', locale, width);
        for (const path of ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness']) {
          await page.goto(`${baseUrl}${path}`);
          const texts = await chartText(page);
          expect(texts.length, path).toBeGreaterThan(0);
          for (const x of texts) {
            expect(x.px, `${path} "${x.text}"`).toBeGreaterThanOrEqual(12);
            expect(x.inside, `${path} "${x.text}" clipped`).toBe(true);
          }
          // No label on the data: the target is named in the legend only.
          expect(await page.locator('.chart svg .target-label').count()).toBe(0);
          const axes = await page.locator('.chart .chart-axes').allInnerTexts();
          expect(axes.length, path).toBeGreaterThan(0);
          expect(await overflow(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        }
        // The volume trend: one line per language, each against its own (per-locale) target.
        await page.goto(`${baseUrl}/manage/kpi/volume`);
        const legend = await page.locator('#volume-months-chart figcaption').innerText();
        expect(legend.match(new RegExp(m['dashboard.target']!, 'g'))?.length).toBe(2);
        expect(await page.locator('#volume-months-chart svg path').count()).toBe(2);
        expect(await page.locator('#volume-months-chart .chart-axes').innerText()).toContain(m['dashboard.unit.characters']);
        await page.context().close();
      });
    }

    it(`no page of any role scrolls sideways at 390 px (${locale})`, async () => {
      for (const [role, { email, paths }] of Object.entries(PAGES)) {
        const page = await pageAs(email, locale, 390);
        for (const path of paths) {
          const res = await page.goto(`${baseUrl}${path}`);
          expect(res!.status(), `${role} ${path}`).toBeLessThan(400);
          expect(await overflow(page), `${role} ${path} scrolls sideways`).toBeLessThanOrEqual(0);
        }
        await page.context().close();
      }
    });
  }
});

describe('/me/progress is readable at phone and desktop width', () => {
  const tracking = (locale: Locale) => JSON.parse(readFileSync(join(ROOT, 'src/i18n', locale, 'tracking.json'), 'utf8')) as Record<string, string>;
  for (const locale of ['ja', 'en'] as const) {
    for (const width of [1280, 390]) {
      it(`bars never cover their labels, and the counts agree with their stated definitions (${locale}, ${width} px)`, async () => {
        const page = await pageAs('user@acme.example', locale, width);
        await page.goto(`${baseUrl}/me/progress`);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        const overlaps = await page.locator('.my-progress__levels li').evaluateAll((lis) =>
          lis.map((li) => {
            const bar = li.querySelector('progress')!.getBoundingClientRect();
            return [...li.querySelectorAll('span')].some((s) => {
              const r = s.getBoundingClientRect();
              return r.width > 0 && r.left < bar.right && r.right > bar.left && r.top < bar.bottom && r.bottom > bar.top;
            });
          }),
        );
        expect(overlaps).toHaveLength(5);
        expect(overlaps.every((o) => !o)).toBe(true);
        const n = async (id: string) => Number(await page.locator(`[data-testid="${id}"]`).innerText());
        const completed = await n('completed-count');
        expect(completed).toBe(await page.locator('section[aria-labelledby="mp-done"] li').count());
        expect(await n('covered-count')).toBeGreaterThanOrEqual(completed);
        expect(await n('in-progress-count')).toBeGreaterThanOrEqual(await page.locator('section[aria-labelledby="mp-resume"] li').count());
        const m = tracking(locale);
        await page.locator('.my-progress__defs summary').click();
        expect(await page.locator('.my-progress__defs').innerText()).toContain(m['tracking.me.def.completed']);
        await page.context().close();
      });
    }
  }
});
