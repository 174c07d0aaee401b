// `npm run bench:abuse [-- --seconds=10 --settle=30 --connections=32]`: the built server (scripts/start.ts,
// temp database with the demo data) flooded over loopback by one signed-out client for `seconds`, posting
// as fast as `connections` keep-alive connections allow (a new page view, a beat and up to 50 impressions
// each time), while a signed-in demo user (user@acme.example) keeps four tabs beating once a second.
// Prints rows written by the flooder (and per minute), database growth, server RSS before / right after /
// `settle` s after the flood, the share of the reader's beats accepted, and each target (issue 12):
// flooder ≤ 1,000 rows/min, database growth ≤ 1 MB, reader 100 % accepted, RSS back within 20 % after 30 s.
// Bounded (about seconds + settle + start-up) and loopback only.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/client.ts';
import { createSession, generateSessionToken, getSessionCookieName } from '../src/lib/server/auth/session.ts';
import { canView, type Viewer } from '../src/lib/access.ts';
import { loadContentIndex } from '../src/lib/server/tracking/content-index.ts';
import { ROOT, startTestServer } from '../tests/support/server.ts';
import { processTreeRssKb } from './lib/process-usage.ts';

const arg = (name: string, fallback: number, max: number) => {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = Number(flag?.split('=')[1] ?? process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    console.error(`--${name}: give a number above 0 and at most ${max}`);
    process.exit(2);
  }
  return value;
};
const SECONDS = arg('seconds', 10, 120);
const SETTLE = arg('settle', 30, 300);
const CONNECTIONS = Math.round(arg('connections', 32, 512));
const READER_TABS = 4;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const TARGET = { flooderRowsPerMinute: 1000, dbGrowthBytes: 1024 * 1024, readerAccepted: 1, rssRecovery: 0.2 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;
const view = () => randomBytes(12).toString('base64url');

const server = await startTestServer({ LOG_REQUESTS: 'errors' });
const port = Number(new URL(server.baseUrl).port);
const pid = server.process.pid!;
const dbPath = server.databasePath;
try {
  // The signed-in reader: the demo customer, with a session made the way sign-in makes one.
  const db = openDatabase(dbPath, ROOT);
  const user = db.$client.prepare(`SELECT u.id, u.account_id AS accountId, a.segment, a.plan FROM users u LEFT JOIN accounts a ON a.id = u.account_id WHERE u.email = 'user@acme.example'`).get() as
    { id: string; accountId: string; segment: string; plan: string } | undefined;
  if (!user) throw new Error('the demo user user@acme.example is missing: bench:abuse needs the demo data (JISOU_DEMO)');
  const token = generateSessionToken();
  createSession(user.id, token, db);
  db.$client.close();
  const readerCookie = `${getSessionCookieName()}=${token}`;

  const index = loadContentIndex(ROOT);
  const publicKeys = [...index].filter(([, i]) => i.audience === 'public' && i.type !== 'roadmap').map(([k]) => k);
  const readerKeys = [...index]
    .filter(([, i]) => i.type !== 'roadmap' && i.type !== 'webinar' && canView({ userId: user.id, role: 'customer', accountId: user.accountId, segment: user.segment, plan: user.plan } as Viewer, i.audience))
    .map(([k]) => k);

  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS + READER_TABS });
  const post = (body: string, cookie?: string): Promise<number> =>
    new Promise((resolvePost) => {
      const headers: Record<string, string | number> = { origin: server.baseUrl, 'user-agent': UA, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      if (cookie) headers.cookie = cookie;
      const req = request({ agent, host: '127.0.0.1', port, method: 'POST', path: '/api/track', headers }, (res) => {
        res.resume();
        res.on('end', () => resolvePost(res.statusCode ?? 0));
      });
      req.on('error', () => resolvePost(0));
      req.end(body);
    });

  const rssKb = () => processTreeRssKb(pid);
  const fileBytes = () => [dbPath, `${dbPath}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
  const count = (sql: string, ...params: unknown[]) => {
    const ro = new Database(dbPath, { readonly: true });
    try {
      return (ro.prepare(sql).get(...params) as { n: number }).n;
    } finally {
      ro.close();
    }
  };
  // The data the database holds: pages in use (free pages of the demo seeding are reused first; WAL content
  // included). The WAL file itself grows with every batch write and is reused after checkpoints, so its
  // size says little about the data kept; it is printed beside.
  const dbBytes = () => count('SELECT (page_count - freelist_count) * page_size AS n FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()');
  const anonymousRows = () => count(`SELECT count(*) AS n FROM tracking_events WHERE user_id = ''`);

  // The reader: four tabs (page views), each beating once a second, as a browser does (a real one every 15 s).
  const tabs = Array.from({ length: READER_TABS }, (_, i) => ({ view: view(), key: readerKeys[i % readerKeys.length]! }));
  for (const t of tabs) await post(JSON.stringify({ v: 1, view: t.view, key: t.key, events: [{ t: 'view' }] }), readerCookie);
  const reader = { sent: 0, accepted: 0, statuses: new Map<number, number>() };
  let readerOn = true;
  const readerLoop = (async () => {
    while (readerOn) {
      await sleep(1000);
      await Promise.all(tabs.map(async (t) => {
        const status = await post(JSON.stringify({ v: 1, view: t.view, key: t.key, events: [{ t: 'beat', ms: 1000, depth: 30 }] }), readerCookie);
        reader.sent++;
        if (status === 204) reader.accepted++;
        reader.statuses.set(status, (reader.statuses.get(status) ?? 0) + 1);
      }));
    }
  })();

  // Settle after start (demo seeding, first requests), then the pre-flood figures.
  await sleep(10_000);
  await fetch(`${server.baseUrl}/healthz`).then((r) => r.arrayBuffer());
  const rssBefore = rssKb();
  const dbBefore = dbBytes();
  const filesBefore = fileBytes();
  const anonBefore = anonymousRows();
  console.log(`\nbench:abuse — ${SECONDS} s flood from one signed-out client over ${CONNECTIONS} connections, a signed-in reader (user@acme.example, ${READER_TABS} tabs beating every second); load average ${loadavg()[0]!.toFixed(2)}`);

  const flooder = new Map<number, number>();
  const floodBody = () => JSON.stringify({ v: 1, view: view(), key: publicKeys[0], events: [{ t: 'view' }, { t: 'beat', ms: 15_000 }, { t: 'imp', keys: publicKeys.slice(0, 50) }] });
  const floodStart = performance.now();
  const floodEnd = floodStart + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < floodEnd) {
      const status = await post(floodBody());
      flooder.set(status, (flooder.get(status) ?? 0) + 1);
    }
  }));
  const floodSeconds = (performance.now() - floodStart) / 1000;
  await sleep(1200); // the last batch lands
  const rssAfter = rssKb();
  const flooderRows = anonymousRows() - anonBefore;
  const healthAfter = await (await fetch(`${server.baseUrl}/healthz`)).json();

  await sleep(SETTLE * 1000);
  const rssSettled = rssKb();
  readerOn = false;
  await readerLoop;
  const dbGrowth = dbBytes() - dbBefore;
  const filesGrowth = fileBytes() - filesBefore;
  agent.destroy();

  const requests = [...flooder.values()].reduce((a, b) => a + b, 0);
  const perMinute = (flooderRows / floodSeconds) * 60;
  const readerShare = reader.sent ? reader.accepted / reader.sent : 0;
  const recovery = (rssSettled - rssBefore) / rssBefore;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(`flooder: ${requests.toLocaleString('en-US')} requests in ${floodSeconds.toFixed(1)} s (${Math.round(requests / floodSeconds).toLocaleString('en-US')}/s): ${[...flooder].sort().map(([s, n]) => `${s}×${n.toLocaleString('en-US')}`).join(', ')}`);
  console.log(`server: tracking.limited ${healthAfter.tracking.limited}, dropped ${healthAfter.tracking.dropped}, rejected ${healthAfter.tracking.rejected}; event loop p99 ${healthAfter.eventLoop.delayP99Ms} ms, max ${healthAfter.eventLoop.delayMaxMs} ms`);
  console.log('');
  console.log(`rows written by the flooder      ${flooderRows.toLocaleString('en-US')} in ${floodSeconds.toFixed(1)} s = ${Math.round(perMinute).toLocaleString('en-US')} per minute   target ≤ ${TARGET.flooderRowsPerMinute.toLocaleString('en-US')}/min   ${verdict(perMinute <= TARGET.flooderRowsPerMinute)}`);
  console.log(`database growth                  ${mb(dbGrowth)} (files on disk, WAL included: ${mb(filesGrowth)})   target ≤ 1 MB   ${verdict(dbGrowth <= TARGET.dbGrowthBytes)}`);
  console.log(`reader's beats accepted          ${reader.accepted}/${reader.sent} = ${(readerShare * 100).toFixed(1)} % (${[...reader.statuses].map(([s, n]) => `${s}×${n}`).join(', ')})   target 100 %   ${verdict(readerShare >= TARGET.readerAccepted && reader.sent > 0)}`);
  // "Back within 20 % of its pre-flood level": at most 20 % above it (settling below it is no failure).
  console.log(`server RSS                       before ${(rssBefore / 1024).toFixed(1)} MB, right after ${(rssAfter / 1024).toFixed(1)} MB, ${SETTLE} s after ${(rssSettled / 1024).toFixed(1)} MB (${recovery >= 0 ? '+' : ''}${(recovery * 100).toFixed(1)} %)   target ≤ +20 %   ${verdict(recovery <= TARGET.rssRecovery)}`);
} finally {
  await server.stop();
}
