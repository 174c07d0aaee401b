// `npm run bench:transfer`: bytes on the wire per page (the HTML plus the stylesheets and scripts it
// links), against the built server, with Accept-Encoding: identity (what every browser received before
// responses were compressed — the baseline, measured in the same run), gzip, and brotli.
import { COOKIE, signIn } from '../tests/support/auth.ts';
import { startTestServer } from '../tests/support/server.ts';
import { getOnWire } from '../tests/support/wire.ts';

const ENCODINGS = ['identity', 'gzip', 'br'] as const;
type Encoding = (typeof ENCODINGS)[number];

const PAGES: { path: string; who?: string }[] = [
  { path: '/' },
  { path: '/manuals' },
  { path: '/manuals/getting-started' },
  { path: '/search?q=%E8%A8%AD%E5%AE%9A' },
  { path: '/', who: 'user@acme.example' },
  { path: '/me/progress', who: 'user@acme.example' },
  { path: '/manage/kpi/awareness', who: 'manager@jisou.test' },
  { path: '/manage/kpi/viewing', who: 'manager@jisou.test' },
];

/** Stylesheets and module scripts the page links from dist/client. */
function assetsOf(html: string): string[] {
  return [...new Set([...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!))];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const server = await startTestServer();
try {
  const cookies = new Map<string, string>();
  for (const who of new Set(PAGES.map((p) => p.who).filter(Boolean) as string[])) cookies.set(who, `${COOKIE}=${await signIn(server.baseUrl, who)}`);
  console.log('\nBytes on the wire per page: HTML + linked CSS/JS (each asset once per page, as a first visit loads them)');
  console.log(`${'page'.padEnd(48)} ${ENCODINGS.map((e) => e.padStart(10)).join(' ')}   br/identity`);
  const totals: Record<Encoding, number> = { identity: 0, gzip: 0, br: 0 };
  for (const page of PAGES) {
    const row: Record<Encoding, number> = { identity: 0, gzip: 0, br: 0 };
    for (const encoding of ENCODINGS) {
      const headers: Record<string, string> = { 'accept-encoding': encoding, 'accept-language': 'ja' };
      if (page.who) headers.cookie = cookies.get(page.who)!;
      const res = await getOnWire(server.baseUrl, page.path, headers);
      if (res.status !== 200) throw new Error(`${page.path} as ${page.who ?? 'visitor'}: ${res.status}`);
      row[encoding] += res.raw.length;
      for (const asset of assetsOf(res.body.toString('utf8'))) row[encoding] += (await getOnWire(server.baseUrl, asset, headers)).raw.length;
      totals[encoding] += row[encoding];
    }
    const label = `${page.path}${page.who ? ` (${page.who})` : ''}`.slice(0, 48);
    console.log(`${label.padEnd(48)} ${ENCODINGS.map((e) => kb(row[e]).padStart(10)).join(' ')}   ${(row.br / row.identity).toFixed(2)}`);
  }
  console.log(`${'all pages'.padEnd(48)} ${ENCODINGS.map((e) => kb(totals[e]).padStart(10)).join(' ')}   ${(totals.br / totals.identity).toFixed(2)}`);
} finally {
  await server.stop();
}
