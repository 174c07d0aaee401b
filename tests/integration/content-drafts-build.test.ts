import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
// What `npm run build` / `npm run dev` see: vitest's NODE_ENV=test and VITEST* variables would change Astro's mode.
const ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && k !== 'TEST' && !k.startsWith('VITEST'))),
  ASTRO_TELEMETRY_DISABLED: '1',
};

/** A copy of the project with its own content; node_modules linked per package so Astro's caches stay private. */
function projectWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'jisou-drafts-build-'));
  for (const f of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'db', 'scripts', 'public']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(root, f), { recursive: true });
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '.astro' && name !== '.vite') symlinkSync(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

const page = (key: string, title: string, body: string, extra = '') =>
  `---\nkey: ${key}\ntitle: ${title}\ndescription: 説明\nseries: first-steps\n${extra}publishedAt: 2026-10-01\n---\n\n${body}\n`;

describe('production build and drafts', () => {
  const root = projectWith({
    'content/manuals/ja/published.mdx': page('published-page', '公開ページ', 'PUBLISHED-MARKER-Q7 本文です。', 'order: 1\n'),
    'content/manuals/ja/draft.mdx': page('secret-draft', '下書き DRAFT-TITLE-Z9', 'DRAFT-BODY-Z9 書きかけです。', 'order: 2\ndraft: true\naudience: public\n'),
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds the draft for staff preview only: no trace in static files or search indexes', { timeout: 240_000 }, () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['node_modules/astro/bin/astro.mjs', 'build'], {
      cwd: root,
      encoding: 'utf8',
      env: ENV,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // Pagefind's chunks are gzip; the analysed index lower-cases words: compare unpacked and lower-cased.
    const unpack = (raw: Buffer) => (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('latin1').replace(/\u00e2\u0080\u008b/g, '').toLowerCase();
    const textsIn = (dir: string) => filesUnder(join(root, dir)).map((f) => unpack(readFileSync(f)));
    const has = (texts: string[], marker: string) => texts.some((t) => t.includes(Buffer.from(marker.toLowerCase()).toString('latin1')));
    // Served without any check (dist/client) or to whoever may read a tier (dist/search): never a draft.
    const exposed = [...textsIn('dist/client'), ...textsIn('dist/search')];
    expect(exposed.length).toBeGreaterThan(10);
    expect(has(textsIn('dist/server'), 'PUBLISHED-MARKER-Q7')).toBe(true);
    expect(has(exposed, 'DRAFT-BODY-Z9')).toBe(false);
    expect(has(exposed, 'DRAFT-TITLE-Z9')).toBe(false);
    expect(has(exposed, 'secret-draft')).toBe(false);
    // The server bundle holds it, for staff preview (who may see it is decided per request; see publish.test.ts).
    expect(has(textsIn('dist/server'), 'DRAFT-BODY-Z9')).toBe(true);
  });

  it('is previewed by npm run dev, drafts included', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const dev = spawn(join(ROOT, 'node_modules/.bin/node'), ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port)], {
      cwd: root,
      env: ENV,
      stdio: 'ignore',
    });
    try {
      // The dev server answers before its first content sync ends; poll until the page is there.
      let res: Response | undefined;
      for (let i = 0; i < 90 && res?.status !== 200; i++) {
        if (i) await new Promise((r) => setTimeout(r, 1000));
        res = await fetch(`http://127.0.0.1:${port}/manuals/secret-draft`).catch(() => undefined);
      }
      expect(res?.status).toBe(200);
      expect(await res!.text()).toContain('DRAFT-BODY-Z9');
    } finally {
      dev.kill();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
