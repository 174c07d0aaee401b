import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/import');
const NODE = join(ROOT, 'node_modules/.bin/node');

/** A temporary checkout: the project's sources and demo content, node_modules linked per package. */
function temporaryCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-import-build-'));
  for (const f of ['astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'src', 'db', 'scripts', 'public', 'content']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(root, f), { recursive: true });
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.astro' && name !== '.vite') symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  return root;
}

// Every marker the fixtures hold in their text: each must reach the reader, in order of the source.
const MARKERS: Record<string, string[]> = {
  '/articles/home': ['STARLIGHT-TOP-MARKER', 'CARD-CHILD-MARKER', 'STARLIGHT-TOP-END'],
  '/articles/guides-setup': ['SETUP-INTRO-MARKER', 'ASIDE-BODY-MARKER', 'DIRECTIVE-TIP-MARKER', 'STEP-ONE-MARKER', 'TAB-NPM-MARKER', 'TAB-PNPM-MARKER', 'SETUP-END-MARKER'],
  '/articles/reference-api': ['API-INTRO-MARKER', 'API-END-MARKER'],
  '/articles/intro': ['DOCU-INTRO-MARKER', 'DOCU-NOTE-MARKER', 'DOCU-DANGER-MARKER', 'DOCU-INTRO-END'],
  '/articles/tutorial-first-steps': ['DOCU-HIGHLIGHT-MARKER', 'DOCU-TAB-MAC-MARKER', 'DOCU-TAB-WIN-MARKER', 'DOCU-ADMONITION-MARKER', 'DOCU-STEPS-END'],
};

describe('imported docs and render failures, on a built temporary checkout', () => {
  let root: string;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    root = temporaryCheckout();
    for (const kind of ['starlight', 'docusaurus']) {
      const r = spawnSync(NODE, ['scripts/import.ts', kind, join(FIXTURES, kind), '--audience', 'public'], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('The imported files pass content:check.');
    }
    // A component that throws while the page renders, known to the check like any real component.
    writeFileSync(join(root, 'src/components/content/Broken.astro'), "---\nthrow new Error('the chart service is down');\n---\n<p>never</p>\n");
    const index = join(root, 'src/components/content/index.ts');
    writeFileSync(index, readFileSync(index, 'utf8').replace("import Table from './Table.astro';", "import Table from './Table.astro';\nimport Broken from './Broken.astro';").replace('export const mdxComponents = { ', 'export const mdxComponents = { Broken, '));
    writeFileSync(join(root, 'content/articles/ja/broken-page.mdx'),
      `---\nkey: broken-page\ntitle: 壊れたページ\ndescription: 説明\naudience: public\npublishedAt: 2026-10-01\n---\n\n${'前半の本文です。BEFORE-THE-FAILURE\n\n'.repeat(200)}<Broken />\n\n後半 AFTER-THE-FAILURE\n`);

    const check = spawnSync(NODE, ['scripts/content-check.ts'], { cwd: root, encoding: 'utf8' });
    expect(check.status, check.stdout).toBe(0);
    server = await startTestServer({}, root);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('answers 500 with the portal error page, never a cut-off 200, and logs the item key with the cause', async () => {
    const res = await fetch(`${server.baseUrl}/articles/broken-page`, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).not.toContain('BEFORE-THE-FAILURE');
    expect(html).toContain('<html');
    expect(html).toContain('</html>');
    expect(html).toMatch(/class="[^"]*message/);
    expect(html).toContain('Something went wrong');
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('"itemKey":"broken-page"'));
    expect(line, server.output().slice(-2000)).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', itemType: 'article', itemKey: 'broken-page', error: 'the chart service is down' });
  });

  it('serves every imported page with 200 and its full text in Chromium', async () => {
    const page = await browser.newPage();
    try {
      for (const [path, markers] of Object.entries(MARKERS)) {
        const res = await page.goto(`${server.baseUrl}${path}`);
        expect(res?.status(), path).toBe(200);
        // textContent: a tab that is not selected is hidden, yet its text is on the page.
        const text = (await page.locator('main').textContent()) ?? '';
        let at = -1;
        for (const m of markers) {
          const next = text.indexOf(m);
          expect(next, `${path}: ${m}`).toBeGreaterThan(at);
          at = next;
        }
        expect(text).not.toContain(':::');
        expect(text).not.toMatch(/import .* from/);
      }
    } finally {
      await page.close();
    }
  });

  it('turns Tabs into tabs with JavaScript, and stacks them under headings without', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.baseUrl}/articles/guides-setup`);
      const tabs = page.locator('[data-tabs] [role="tab"]');
      await expect.poll(() => tabs.count()).toBe(2);
      expect(await page.getByText('TAB-PNPM-MARKER').isVisible()).toBe(false);
      // The labels are the tab buttons now, not headings above each panel.
      expect(await page.locator('.tab__label').first().isVisible()).toBe(false);
      await tabs.nth(1).click();
      expect(await page.getByText('TAB-PNPM-MARKER').isVisible()).toBe(true);
      expect(await page.getByText('TAB-NPM-MARKER').isVisible()).toBe(false);
      // Keyboard: arrow keys move between tabs (and wrap around).
      await page.keyboard.press('ArrowRight');
      expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByText('TAB-NPM-MARKER').isVisible()).toBe(true);
    } finally {
      await page.close();
    }
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/articles/guides-setup`);
      expect(await page.locator('[data-tabs] [role="tab"]').count()).toBe(0);
      expect(await page.locator('.tab__label').allInnerTexts()).toEqual(['npm', 'pnpm']);
      expect(await page.getByText('TAB-NPM-MARKER').isVisible()).toBe(true);
      expect(await page.getByText('TAB-PNPM-MARKER').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('gives a page with fewer than three ## sections a table of contents from its ### headings', async () => {
    const html = await (await fetch(`${server.baseUrl}/articles/reference-api`)).text();
    const toc = /<nav class="toc[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(toc.match(/<li class="toc__depth-\d/g)).toEqual(['<li class="toc__depth-2', '<li class="toc__depth-3', '<li class="toc__depth-3']);
    expect(toc).toContain('更新');
    expect(toc).toContain('削除');
  });

  it('wraps a long identifier at its break points on a narrow screen, never widening the page', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/articles/reference-api`);
      const code = page.locator('code', { hasText: 'getAccount' });
      expect(await code.innerHTML()).toBe('src/<wbr>lib/<wbr>server/<wbr>kpi/<wbr>get<wbr>Account<wbr>Viewing<wbr>Time<wbr>By<wbr>Segment.<wbr>ts');
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      // The code wraps, and every piece between two break points stays on one line.
      const lines = await code.evaluate((el) => {
        const tops = (node: Node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))];
        };
        return { whole: tops(el).length, splitPieces: [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && tops(n).length > 1).length };
      });
      expect(lines.whole).toBeGreaterThan(1);
      expect(lines.splitPieces).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows code-block titles, marked lines, file trees, images and Callout titles with formatting', async () => {
    const html = await (await fetch(`${server.baseUrl}/articles/guides-setup`)).text();
    expect(html).toMatch(/<figcaption class="code-block__title[^"]*"[^>]*>terminal<\/figcaption>/);
    expect(html).toMatch(/class="line line--mark"/);
    expect(html).toMatch(/class="file-tree/);
    expect(html).toMatch(/管理者の <strong>権限<\/strong> が必要/);
    expect(html).toContain('/media/imported/starlight/src/assets/dashboard.png');
    const image = await fetch(`${server.baseUrl}/media/imported/starlight/src/assets/dashboard.png`);
    expect(image.status).toBe(200);
    const docu = await (await fetch(`${server.baseUrl}/articles/tutorial-first-steps`)).text();
    expect(docu).toMatch(/>src\/index\.js<\/figcaption>/);
    expect((docu.match(/line--mark/g) ?? []).length).toBe(2);
  });
});
