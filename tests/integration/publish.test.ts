// Publishing without restarts, end to end on a copy of the project: staff preview of drafts and scheduled
// items with a clock the test controls, `npm run publish` under load (no failed request, no lost beat,
// old build until the switch), rollback, a broken content file, and the forge webhooks. One build of the
// copy at start, one more by the publish under load; later runs stop before building.
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createServer, get as httpGet, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyProject, writeProjectFiles } from '../support/project-copy.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { get, signIn } from '../support/auth.ts';
import { createPerson, newViewId, pickKeys, query, track } from '../support/tracking.ts';
import { databaseEnv, openTestDatabase } from '../support/test-database.ts';

const FUTURE = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 60_000) * 60_000); // a scheduled release, minute-aligned
const SECRETS = { PUBLISH_GITHUB_SECRET: 'gh-secret-0123456789abcdef', PUBLISH_GITLAB_TOKEN: 'gl-token-0123456789abcdef', PUBLISH_GITEA_SECRET: 'gt-secret-0123456789abcdef' };
const svg = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>${label}</title></svg>`;
const article = (key: string, title: string, body: string, extra = '') =>
  `---\nkey: ${key}\ntitle: ${title}\ndescription: 公開のテスト用の記事です。\naudience: public\n${extra}---\n\n${body}\n`;

const PROBE = 'content/articles/ja/publish-probe.mdx';
const files: Record<string, string> = {
  [PROBE]: article('publish-probe', '公開プローブ', 'PROBE-OLD-7Q7Q この版は公開前の版です。', 'publishedAt: 2026-01-05\n'),
  'content/articles/ja/preview-draft.mdx': article(
    'preview-draft',
    '下書きDRAFTTITLEX4',
    'DRAFTBODYX4X4 まだ書きかけの本文です。\n\n<Figure src="articles/publish-draft.svg" alt="下書きの図" />',
    'publishedAt: 2026-01-05\ndraft: true\n',
  ),
  'content/articles/ja/scheduled-item.mdx': article(
    'scheduled-item',
    '予約SCHEDTITLEK8',
    'SCHEDBODYK8K8 月曜の10時に公開するお知らせの本文です。\n\n<Figure src="articles/publish-scheduled.svg" alt="予約の図" />',
    `publishedAt: ${FUTURE.toISOString()}\n`,
  ),
  'content/media/articles/publish-draft.svg': svg('draft figure'),
  'content/media/articles/publish-scheduled.svg': svg('scheduled figure'),
};
const MARKERS = ['DRAFTBODYX4X4', 'DRAFTTITLEX4', 'SCHEDBODYK8K8', 'SCHEDTITLEK8'];

let root: string;
let clockFile: string;
let linkSite: Server;
let server: TestServer;
let env: Record<string, string>;

const setClock = (at: Date) => writeFileSync(clockFile, at.toISOString());
const text = async (res: Response) => {
  const raw = Buffer.from(await res.arrayBuffer());
  return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8').replace(/\u200b/g, '');
};
const walk = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)])) : [];
const readAny = (f: string) => {
  const raw = readFileSync(f);
  try {
    return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8').replace(/\u200b/g, '');
  } catch {
    return raw.toString('latin1');
  }
};

/** GET on a new connection (a pooled keep-alive one may still reach the previous process once, by design). */
function freshGet(url: string): Promise<string> {
  return new Promise((done, fail) => {
    httpGet(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done(body));
    }).on('error', fail);
  });
}

/** Run `npm run publish` in the copy; lines are time-stamped as they arrive. */
function publish(args: string[] = []): Promise<{ code: number; output: string; lines: { at: number; line: string }[] }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'scripts/publish.ts'), ...args], { cwd: root, env: { ...process.env, ...env } });
    const lines: { at: number; line: string }[] = [];
    let output = '';
    const onData = (d: Buffer) => {
      output += d;
      for (const line of d.toString('utf8').split('\n')) if (line) lines.push({ at: Date.now(), line });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => done({ code: code ?? 1, output, lines }));
  });
}

beforeAll(async () => {
  // A loopback "web" for content:links: /fine answers 200, /gone 404.
  linkSite = createServer((req, res) => res.writeHead(req.url === '/fine' ? 200 : 404).end());
  await new Promise<void>((r) => linkSite.listen(0, '127.0.0.1', () => r()));
  const site = `http://127.0.0.1:${(linkSite.address() as { port: number }).port}`;
  files['content/articles/ja/stale-item.mdx'] = article(
    'stale-item',
    '古くなった記事',
    `手順は[こちら](${site}/gone)と[公式](${site}/fine)を参照してください。`,
    'publishedAt: 2026-01-05\nowner: author@jisou.test\nreviewBy: 2026-02-01\n',
  );
  root = copyProject(files, 'jisou-publish-');
  clockFile = join(tmpdir(), `jisou-clock-${randomUUID()}`);
  env = { ...SECRETS, PUBLISH_GIT_PULL: 'false', JISOU_TEST_CLOCK_FILE: clockFile, JISOU_TRACK_PERSON_ROWS_PER_MINUTE: '0', LOG_REQUESTS: 'errors' };
  server = await startTestServer(env, root);
  env = { ...env, PORT: new URL(server.baseUrl).port, HOST: '127.0.0.1', ...databaseEnv(server.databasePath) };
}, 300_000);

afterAll(async () => {
  linkSite?.close();
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  rmSync(clockFile, { force: true });
});

describe('staff preview and scheduled releases', () => {
  it('a draft is served to staff only, with the banner, at a URL another staff member can open', async () => {
    const author = await signIn(server.baseUrl, 'author@jisou.test');
    const manager = await signIn(server.baseUrl, 'manager@jisou.test');
    for (const cookie of [author, manager]) {
      const res = await get(server.baseUrl, '/articles/preview-draft', cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('DRAFTBODYX4X4');
      expect(html).toMatch(/data-preview="draft"[^>]*>[^<]*下書き \/ Draft/);
    }
    const scheduled = await get(server.baseUrl, '/articles/scheduled-item', author);
    expect(scheduled.status).toBe(200);
    expect(await scheduled.text()).toContain('data-preview="scheduled"');
    expect((await get(server.baseUrl, '/media/articles/publish-draft.svg', author)).status).toBe(200);
  });

  it('drafts and scheduled items reach no visitor, customer or other account: page, listing, media, search, mail', async () => {
    const viewers: [string, string | undefined][] = [
      ['signed out', undefined],
      ['customer (Acme)', await signIn(server.baseUrl, 'user@acme.example')],
      ['another account (Globex)', await signIn(server.baseUrl, 'user@globex.example')],
    ];
    for (const [who, cookie] of viewers) {
      for (const path of ['/articles/preview-draft', '/articles/scheduled-item', '/media/articles/publish-draft.svg', '/media/articles/publish-scheduled.svg']) {
        const res = await get(server.baseUrl, path, cookie);
        expect(res.status, `${who} ${path}`).toBe(404);
        const body = await res.text();
        for (const m of MARKERS) expect(body, `${who} ${path}`).not.toContain(m);
      }
      for (const path of ['/', '/articles', '/levels/2', '/search', '/announcements']) {
        const body = await (await get(server.baseUrl, path, cookie)).text();
        for (const m of MARKERS) expect(body, `${who} ${path}`).not.toContain(m);
      }
    }
    // Every search index file of the build, every tier: no trace. The set prepared for the release holds the
    // scheduled item (control: the check sees it where it is) and still no draft.
    const search = join(root, 'dist/search');
    const base = walk(search).filter((f) => !relative(search, f).startsWith('scheduled/'));
    expect(base.length).toBeGreaterThan(5);
    for (const f of base) for (const m of MARKERS) expect(readAny(f), relative(search, f)).not.toContain(m);
    const later = walk(join(search, 'scheduled', String(FUTURE.getTime()))).map(readAny).join('\n');
    expect(later).toContain('SCHEDBODYK8K8');
    expect(later).not.toContain('DRAFTBODYX4X4');
    // What the server hands out for the public tier is the base set now.
    const entry = await text(await get(server.baseUrl, '/search-index/public/pagefind-entry.json'));
    expect(entry).toBe(readFileSync(join(search, 'public/pagefind-entry.json'), 'utf8'));
    // Static files (served without any check) and mail never carry them.
    for (const f of walk(join(root, 'dist/client'))) for (const m of MARKERS) expect(readAny(f), f).not.toContain(m);
    const mail = JSON.stringify(query(server.databasePath, 'SELECT * FROM mail_outbox'));
    for (const m of MARKERS) expect(mail).not.toContain(m);
  });

  it('a scheduled item goes live on time, with nothing run: page, listing, media and search', async () => {
    setClock(new Date(FUTURE.getTime() - 30_000));
    expect((await get(server.baseUrl, '/articles/scheduled-item')).status).toBe(404);
    expect(await (await get(server.baseUrl, '/articles')).text()).not.toContain('SCHEDTITLEK8');

    setClock(new Date(FUTURE.getTime() + 30_000));
    const page = await get(server.baseUrl, '/articles/scheduled-item');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('SCHEDBODYK8K8');
    expect(html).not.toContain('data-preview');
    expect(await (await get(server.baseUrl, '/articles')).text()).toContain('SCHEDTITLEK8');
    expect((await get(server.baseUrl, '/media/articles/publish-scheduled.svg')).status).toBe(200);
    const entry = await text(await get(server.baseUrl, '/search-index/public/pagefind-entry.json'));
    expect(entry).toBe(readFileSync(join(root, 'dist/search/scheduled', String(FUTURE.getTime()), 'public/pagefind-entry.json'), 'utf8'));
    // The draft stays a draft whatever the time.
    expect((await get(server.baseUrl, '/articles/preview-draft')).status).toBe(404);
  });
});

describe('keeping content current', () => {
  it('/manage/content lists every item with owner, review date, views and feedback, and flags what needs attention', { timeout: 60_000 }, async () => {
    const links = await new Promise<{ code: number; output: string }>((done) => {
      const child = spawn(process.execPath, [join(root, 'scripts/content-links.ts'), '--delay', '0'], { cwd: root, env: { ...process.env, ...env, JISOU_LANG: 'en' } });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', (code) => done({ code: code ?? 1, output }));
    });
    expect(links.code, links.output).toBe(1);
    expect(links.output).toMatch(/content\/articles\/ja\/stale-item\.mdx:\d+ broken link http:\/\/127\.0\.0\.1:\d+\/gone \(HTTP 404\)/);
    expect(links.output).not.toMatch(/broken link [^ ]+\/fine/);
    // Three customers found it unhelpful.
    const db = openTestDatabase(server.databasePath);
    db.prepare("DELETE FROM item_feedback WHERE content_key IN ('stale-item', 'publish-probe')").run();
    const people = db.prepare("SELECT id, account_id FROM users WHERE role = 'customer' LIMIT 3").all() as { id: string; account_id: string }[];
    for (const p of people) db.prepare('INSERT INTO item_feedback (user_id, account_id, content_key, helpful, created_at, updated_at) VALUES (?, ?, ?, FALSE, ?, ?) ON CONFLICT (user_id, content_key) DO UPDATE SET helpful = excluded.helpful, updated_at = excluded.updated_at').run(p.id, p.account_id, 'stale-item', Date.now(), Date.now());
    db.close();

    const author = await signIn(server.baseUrl, 'author@jisou.test');
    const res = await get(server.baseUrl, '/manage/content', author);
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = (key: string) => new RegExp(`<tr[^>]*data-key="${key}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[0] ?? '';
    const stale = row('stale-item');
    expect(stale).toContain('data-flags="review-overdue unhelpful broken-link"');
    expect(stale).toContain('author@jisou.test');
    expect(stale).toContain('Test Author');
    expect(stale).toContain('/gone');
    expect(row('preview-draft')).toMatch(/下書き|Draft/);
    expect(row('publish-probe')).toMatch(/data-flags(="")?[ >]/);
    expect((await get(server.baseUrl, '/manage/content', await signIn(server.baseUrl, 'user@acme.example'))).status).toBe(403);
  });
});

describe('npm run publish', () => {
  it('switches to the new build under load: no failed request, every accepted beat written, old build until the switch', { timeout: 180_000 }, async () => {
    const keys = pickKeys();
    const person = createPerson(server.databasePath);
    const failures: string[] = [];
    const pages: { at: number; version: 'old' | 'new' | 'other' }[] = [];
    const accepted = new Set<string>();
    let running = true;
    const pageLoop = async () => {
      while (running) {
        try {
          const res = await fetch(`${server.baseUrl}/articles/publish-probe`);
          const body = await res.text();
          if (res.status !== 200) failures.push(`page ${res.status}`);
          pages.push({ at: Date.now(), version: body.includes('PROBE-OLD-7Q7Q') ? 'old' : body.includes('PROBE-NEW-7Q7Q') ? 'new' : 'other' });
        } catch (error) {
          failures.push(`page ${(error as Error).message} ${String((error as { cause?: unknown }).cause)}`);
        }
      }
    };
    const beatLoop = async () => {
      while (running) {
        const view = newViewId();
        try {
          const res = await track(server.baseUrl, { v: 1, view, key: keys.manual, events: [{ t: 'view' }] }, { cookie: person.cookie });
          await res.arrayBuffer();
          if (res.status === 204) accepted.add(view);
          else failures.push(`beat ${res.status}`);
        } catch (error) {
          failures.push(`beat ${(error as Error).message} ${String((error as { cause?: unknown }).cause)}`);
        }
      }
    };
    const loops = [pageLoop(), pageLoop(), beatLoop(), beatLoop()];
    await new Promise((r) => setTimeout(r, 1000));

    writeProjectFiles(root, { [PROBE]: article('publish-probe', '公開プローブ', 'PROBE-NEW-7Q7Q 新しい版です。', 'publishedAt: 2026-01-05\n') });
    commitAll(root, 'New version of the probe');
    const started = Date.now();
    const run = await publish();
    const finished = Date.now();
    // The old process lingers ~5.5 s after the switch, then flushes and exits: keep the load on through it.
    await new Promise((r) => setTimeout(r, 7000));
    running = false;
    await Promise.all(loops);

    expect(run.code, run.output).toBe(0);
    for (const step of ['content:check', 'build into a new release folder', 'smoke-check', 'switch the live server']) expect(run.output).toContain(step);
    const switchAt = run.lines.find((l) => /\[\d\/\d\] switch the live server…/.test(l.line))!.at;
    expect(failures).toEqual([]);
    expect(pages.filter((p) => p.version === 'other')).toEqual([]);
    // Old build until the switch started; the new one served before the pipeline ended, and only it after.
    expect(pages.filter((p) => p.at < switchAt && p.version !== 'old')).toEqual([]);
    const firstNew = pages.find((p) => p.version === 'new');
    expect(firstNew && firstNew.at).toBeLessThanOrEqual(finished);
    expect(firstNew!.at).toBeGreaterThanOrEqual(started);
    expect(pages.filter((p) => p.at > finished + 6500 && p.version !== 'new')).toEqual([]);
    expect(pages.filter((p) => p.at < switchAt).length).toBeGreaterThan(20);
    // Every beat answered 204 is in the database (the old process flushed its batch before exiting).
    expect(accepted.size).toBeGreaterThan(50);
    let missing: string[] = [];
    for (let i = 0; i < 20; i++) {
      const stored = new Set(query<{ view_id: string }>(server.databasePath, 'SELECT view_id FROM tracking_events').map((r) => r.view_id));
      missing = [...accepted].filter((v) => !stored.has(v));
      if (missing.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(missing).toEqual([]);
    const runs = query<{ result: string; commit_author: string; commit_subject: string; trigger: string }>(server.databasePath, 'SELECT * FROM publish_runs ORDER BY started_at');
    expect(runs.at(-1)).toMatchObject({ result: 'ok', trigger: 'cli', commit_author: 'Test Author <author@jisou.test>', commit_subject: 'New version of the probe' });
  });

  it('--rollback serves the previous build again', { timeout: 60_000 }, async () => {
    const run = await publish(['--rollback']);
    expect(run.code, run.output).toBe(0);
    expect(await freshGet(`${server.baseUrl}/articles/publish-probe`)).toContain('PROBE-OLD-7Q7Q');
  });

  it('a broken content file stops the run with the content:check report and leaves the live portal unchanged', { timeout: 60_000 }, async () => {
    writeProjectFiles(root, { 'content/articles/ja/broken.mdx': '---\nkey: broken-one\ntitle: 壊れた記事\ndescription: 説明\nlevel: 9\npublishedAt: 2026-01-05\n---\n\n本文\n' });
    writeProjectFiles(root, { [PROBE]: article('publish-probe', '公開プローブ', 'PROBE-BROKEN-RUN この版は公開されません。', 'publishedAt: 2026-01-05\n') });
    const before = readdirSync(join(root, 'releases')).sort();
    const run = await publish();
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/content\/articles\/ja\/broken\.mdx:\d+/);
    expect(run.output).toContain('level');
    expect(run.output).toMatch(/live portal is unchanged|公開中のポータルは変わっていません/);
    expect(readdirSync(join(root, 'releases')).sort()).toEqual(before);
    const live = await freshGet(`${server.baseUrl}/articles/publish-probe`);
    expect(live).toContain('PROBE-OLD-7Q7Q');
    const last = query<{ result: string; failed_step: string; report: string }>(server.databasePath, 'SELECT * FROM publish_runs ORDER BY started_at DESC LIMIT 1')[0]!;
    expect(last).toMatchObject({ result: 'failed', failed_step: 'check' });
    expect(last.report).toContain('broken.mdx');
    // The author reads the same report on /manage/publish; a customer may not open the page.
    const author = await signIn(server.baseUrl, 'author@jisou.test');
    const page = await get(server.baseUrl, '/manage/publish', author);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('broken.mdx');
    expect((await get(server.baseUrl, '/manage/publish', await signIn(server.baseUrl, 'user@acme.example'))).status).toBe(403);
    expect((await get(server.baseUrl, '/manage/publish', await signIn(server.baseUrl, 'manager@jisou.test'))).status).toBe(403);
  });
});

describe('POST /api/publish webhooks', () => {
  const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
  const push = (extra: Record<string, unknown> = {}) => JSON.stringify({ ref: 'refs/heads/main', pusher: { name: 'pusher', email: 'pusher@jisou.test' }, ...extra });
  const forges = {
    github: (body: string, id: string, sig: string | null) => ({
      'x-github-event': 'push', 'x-github-delivery': id, ...(sig === null ? {} : { 'x-hub-signature-256': sig === 'good' ? `sha256=${hmac(SECRETS.PUBLISH_GITHUB_SECRET, body)}` : `sha256=${hmac('wrong-secret-0123456789', body)}` }),
    }),
    gitlab: (_body: string, id: string, sig: string | null) => ({
      'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': id, ...(sig === null ? {} : { 'x-gitlab-token': sig === 'good' ? SECRETS.PUBLISH_GITLAB_TOKEN : 'wrong-token-0123456789' }),
    }),
    gitea: (body: string, id: string, sig: string | null) => ({
      'x-gitea-event': 'push', 'x-gitea-delivery': id, ...(sig === null ? {} : { 'x-gitea-signature': sig === 'good' ? hmac(SECRETS.PUBLISH_GITEA_SECRET, body) : hmac('wrong-secret-0123456789', body) }),
    }),
  };
  const send = (headers: Record<string, string>, body: string) =>
    fetch(`${server.baseUrl}/api/publish`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('per forge: unsigned and badly signed refused (401, logged), valid queued (202), replay refused (409); runs one at a time, queued once', { timeout: 90_000 }, async () => {
    const runsBefore = query<{ n: number }>(server.databasePath, 'SELECT count(*) AS n FROM publish_runs')[0]!.n;
    for (const [forge, headersFor] of Object.entries(forges)) {
      const body = push();
      const id = randomUUID();
      const unsigned = await send(headersFor(body, id, null), body);
      expect(unsigned.status, forge).toBe(401);
      const bad = await send(headersFor(body, id, 'bad'), body);
      expect(bad.status, forge).toBe(401);
      const good = await send(headersFor(body, id, 'good'), body);
      expect(good.status, `${forge}: ${await good.clone().text()}`).toBe(202);
      expect(await good.json()).toMatchObject({ queued: true });
      const replay = await send(headersFor(body, id, 'good'), body);
      expect(replay.status, forge).toBe(409);
      // A signed push to another branch is acknowledged and starts nothing.
      const other = push({ ref: 'refs/heads/feature' });
      expect(await (await send(headersFor(other, randomUUID(), 'good'), other)).json()).toMatchObject({ ignored: expect.any(String) });
    }
    expect(server.output()).toMatch(/publish webhook refused.*unsigned request/);
    expect(server.output()).toMatch(/publish webhook refused.*bad signature/);
    // Three pushes while the first run is going: it runs, one more is queued (the third folds into it).
    // The content is still broken (previous test), so each run stops at content:check within a second or two.
    let runs: { trigger: string; result: string; failed_step: string }[] = [];
    for (let i = 0; i < 60; i++) {
      runs = query<{ trigger: string; result: string; failed_step: string }>(server.databasePath, 'SELECT * FROM publish_runs ORDER BY started_at').slice(runsBefore);
      if (runs.length >= 2 && runs.every((r) => r.result !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 3000));
    runs = query<{ trigger: string; result: string; failed_step: string }>(server.databasePath, 'SELECT * FROM publish_runs ORDER BY started_at').slice(runsBefore);
    expect(runs.map((r) => r.trigger)).toEqual(['github', 'gitea']);
    expect(runs.every((r) => r.result === 'failed' && r.failed_step === 'check')).toBe(true);
    expect(await freshGet(`${server.baseUrl}/articles/publish-probe`)).toContain('PROBE-OLD-7Q7Q');
  });
});
