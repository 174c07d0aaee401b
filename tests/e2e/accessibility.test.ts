// axe-core over every page type, for every role, in ja and en: no critical and no serious violations.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { openDatabase } from '../../db/client.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
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
const ROLES: Record<string, { email: string | null; paths: string[] }> = {
  visitor: { email: null, paths: ['/', '/manuals', '/levels/1', '/manuals/getting-started', '/search?q=受信箱', '/login', '/reset-password', '/signup', '/privacy'] },
  customer: {
    email: 'user@acme.example',
    paths: ['/', '/manuals', '/articles', '/webinars', '/case-studies', '/announcements', '/roadmaps', '/levels/3', '/manuals/onboarding-invite-members', '/webinars/webinar-kickoff-basics', '/search?q=受信箱', '/me/progress', '/profile', '/nope-404', '/privacy'],
  },
  'customer-admin': { email: 'admin@acme.example', paths: ['/team', '/team/progress', '/team/progress?period=custom&from=2026-10-10&to=2026-10-01'] },
  manager: { email: 'manager@jisou.test', paths: ['/manage/overview', '/manage/kpi/viewing', '/manage/kpi/volume', '/manage/kpi/awareness', '/manage/kpi/accounts', '/manage/kpi/accounts/acct-acme', '/manage/alerts'] },
  admin: { email: 'admin@jisou.test', paths: ['/manage/accounts', '/manage/accounts/acct-acme', '/manage/accounts/new', '/manage/accounts/import', '/manage/accounts/staff', '/manage/accounts/audit', `/manage/accounts/users/${(db.$client.prepare('SELECT id FROM users WHERE email = ?').get('user@acme.example') as { id: string }).id}`] },
};

async function pageAs(email: string | null, locale: Locale): Promise<Page> {
  // axe is injected as a script; the product's CSP (rightly) forbids that, so the test context bypasses it.
  const ctx = await browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US', viewport: { width: 1280, height: 800 }, bypassCSP: true });
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

describe('accessibility (axe-core)', () => {
  for (const locale of ['ja', 'en'] as const) {
    for (const [role, { email, paths }] of Object.entries(ROLES)) {
      it(`${role} pages have no critical or serious violations (${locale})`, async () => {
        const page = await pageAs(email, locale);
        const found: string[] = [];
        try {
        for (const path of paths) {
          await page.goto(`${baseUrl}${path}`);
          await page.addScriptTag({ path: AXE });
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
          });
          for (const v of violations) if (v.impact === 'critical' || v.impact === 'serious') found.push(`${path}: ${v.impact} ${v.id} at ${v.targets.join(', ')}`);
          // Forms on one page have unique ids, and landmarks of one kind have distinct names.
          const duplicates = await page.evaluate(() => {
            const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
            const nameOf = (e: Element) => e.getAttribute('aria-label') ?? document.getElementById(e.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '';
            const names = [...document.querySelectorAll('[role="search"], nav')].map((e) => `${e.getAttribute('role') ?? 'nav'}:${nameOf(e)}`);
            return [...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `id ${id}`), ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `landmark ${n}`)];
          });
          for (const d of duplicates) found.push(`${path}: duplicate ${d}`);
        }
        } finally {
          await page.context().close();
        }
        expect(found).toEqual([]);
      });
    }
  }
});
