import { beforeAll, describe, expect, inject, it } from 'vitest';
import { get, postForm, query, signIn } from '../support/auth.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canView, type Viewer } from '../../src/lib/access.ts';
import type { Audience } from '../../src/schemas/common.ts';
import { acmeOnlyItems, customersOnlyItems, ACME, GLOBEX } from '../support/gated-content.ts';
import { ROOT } from '../support/server.ts';

// Every route that returns account-scoped data × every role × own/other account → expected status.
// Identifiers in URLs, queries and payloads never widen what a person sees.
const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');

const ROLES = {
  anonymous: null,
  'acme-customer': 'user@acme.example',
  'acme-admin': 'admin@acme.example',
  'globex-customer': 'user@globex.example',
  'globex-admin': 'admin@globex.example',
  author: 'author@jisou.test',
  manager: 'manager@jisou.test',
  admin: 'admin@jisou.test',
} as const;
type Role = keyof typeof ROLES;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  for (const [role, email] of Object.entries(ROLES)) if (email) tokens[role as Role] = await signIn(baseUrl, email);
});

const acmeUser = () => query<{ id: string }>(databasePath, "SELECT id FROM users WHERE email = 'user@acme.example'")[0]!.id;
const globexUser = () => query<{ id: string }>(databasePath, "SELECT id FROM users WHERE email = 'user@globex.example'")[0]!.id;

// Expected status per role; 303 = sent to /login (pages), 401 = JSON "sign in first".
const ADMIN_ONLY = { anonymous: 303, 'acme-customer': 403, 'acme-admin': 403, 'globex-customer': 403, 'globex-admin': 403, author: 403, manager: 403, admin: 200 };
const STAFF_ONLY = { ...ADMIN_ONLY, author: 200, manager: 200 };
// Account drill-downs (people with emails, stages, health, alerts): managers and admins, not authors.
const MANAGERS_ONLY = { ...ADMIN_ONLY, manager: 200 };
const TEAM_PAGE = { anonymous: 303, 'acme-customer': 403, 'acme-admin': 200, 'globex-customer': 403, 'globex-admin': 200, author: 403, manager: 403, admin: 403 };
const TEAM_API = { ...TEAM_PAGE, anonymous: 401 };
const SIGNED_IN = { anonymous: 303, 'acme-customer': 200, 'acme-admin': 200, 'globex-customer': 200, 'globex-admin': 200, author: 200, manager: 200, admin: 200 };
const NOWHERE = { anonymous: 404, 'acme-customer': 404, 'acme-admin': 404, 'globex-customer': 404, 'globex-admin': 404, author: 404, manager: 404, admin: 404 };
const ACME_CONTENT = { ...SIGNED_IN, 'globex-customer': 403, 'globex-admin': 403 };

const matrix: Array<[string, () => string, Record<Role, number>]> = [
  ['/team', () => '/team', TEAM_PAGE],
  ['/team?account=acme', () => '/team?account=acme&accountId=acct-acme', TEAM_PAGE],
  ['/api/team/members', () => '/api/team/members', TEAM_API],
  ['/api/team/members?accountId=acct-acme', () => '/api/team/members?accountId=acct-acme&account=acme', TEAM_API],
  ['/manage', () => '/manage', STAFF_ONLY],
  ['/manage/accounts', () => '/manage/accounts', ADMIN_ONLY],
  ['/manage/accounts/acct-acme', () => '/manage/accounts/acct-acme', ADMIN_ONLY],
  ['/manage/accounts/acct-globex', () => '/manage/accounts/acct-globex', ADMIN_ONLY],
  ['/manage/accounts/users/<acme user>', () => `/manage/accounts/users/${acmeUser()}`, ADMIN_ONLY],
  ['/manage/accounts/users/<globex user>', () => `/manage/accounts/users/${globexUser()}`, ADMIN_ONLY],
  ['/manage/accounts/staff', () => '/manage/accounts/staff', ADMIN_ONLY],
  ['/manage/accounts/import', () => '/manage/accounts/import', ADMIN_ONLY],
  ['/manage/accounts/audit', () => '/manage/accounts/audit', ADMIN_ONLY],
  ['/profile', () => '/profile', SIGNED_IN],
  // KPI dashboards (built by the dashboards work): team views scoped by session, staff views for staff.
  ['/team/progress?account=acct-acme', () => '/team/progress?account=acct-acme&accountId=acct-acme', TEAM_PAGE],
  ['/team/progress/account-users.csv?account=acct-acme', () => '/team/progress/account-users.csv?account=acct-acme', TEAM_PAGE],
  ['/manage/overview', () => '/manage/overview', STAFF_ONLY],
  ['/manage/kpi/viewing', () => '/manage/kpi/viewing', STAFF_ONLY],
  ['/manage/kpi/volume', () => '/manage/kpi/volume', STAFF_ONLY],
  ['/manage/kpi/awareness', () => '/manage/kpi/awareness', STAFF_ONLY],
  ['/manage/kpi/export/viewing-items.csv', () => '/manage/kpi/export/viewing-items.csv', STAFF_ONLY],
  ['/manage/feedback', () => '/manage/feedback', STAFF_ONLY],
  ['/manage/surveys', () => '/manage/surveys', STAFF_ONLY],
  ['/manage/kpi/export/survey-nps.csv', () => '/manage/kpi/export/survey-nps.csv', STAFF_ONLY],
  ['/manage/requests', () => '/manage/requests', MANAGERS_ONLY],
  ['/contact', () => '/contact', SIGNED_IN],
  ['/manage/kpi/accounts', () => '/manage/kpi/accounts', MANAGERS_ONLY],
  ['/manage/kpi/accounts/acct-acme', () => '/manage/kpi/accounts/acct-acme', MANAGERS_ONLY],
  ['/manage/alerts', () => '/manage/alerts', MANAGERS_ONLY],
  ['/manage/kpi/export/account-users.csv?account=acct-acme', () => '/manage/kpi/export/account-users.csv?account=acct-acme', MANAGERS_ONLY],
  ['/manage/kpi/export/accounts.csv', () => '/manage/kpi/export/accounts.csv', MANAGERS_ONLY],
  ['/manage/kpi/export/alerts.csv', () => '/manage/kpi/export/alerts.csv', MANAGERS_ONLY],
  // Roadmaps and community events (issue 17): own roadmap for anyone signed in; positions and people for managers.
  ['/me/roadmap', () => '/me/roadmap?account=acct-acme', SIGNED_IN],
  ['/manage/roadmaps', () => '/manage/roadmaps', MANAGERS_ONLY],
  ['/manage/events', () => '/manage/events', MANAGERS_ONLY],
  ['/manage/events/<past event>', () => '/manage/events/announce-meetup-2026-10', MANAGERS_ONLY],
  ['/manage/events/<past event>.csv', () => '/manage/events/announce-meetup-2026-10.csv', MANAGERS_ONLY],
  ['/events/<past event>.ics', () => '/events/announce-meetup-2026-10.ics', { ...SIGNED_IN, anonymous: 404 }],
  // Engage (issue 15): plays, results by account, the outbox with people's addresses: managers and admins.
  ['/manage/engage', () => '/manage/engage', MANAGERS_ONLY],
  ['/manage/engage?dry=…&results=…', () => '/manage/engage?dry=onboarding-low-usage&results=announcement:announce-meetup-2026-12', MANAGERS_ONLY],
  ['/manage/engage/outbox', () => '/manage/engage/outbox', MANAGERS_ONLY],
  ['/manage/engage/preview', () => '/manage/engage/preview?source=play:dormant-30', MANAGERS_ONLY],
  ['/manage/kpi/export/awareness-channels.csv', () => '/manage/kpi/export/awareness-channels.csv', STAFF_ONLY],
  // Mail links work signed-out; a token that is not ours opens nothing, for anyone.
  ['/unsubscribe/<forged>', () => '/unsubscribe/eyJwIjoidW5zdWJzY3JpYmUiLCJ1IjoidXNlci01IiwiYyI6Im51ZGdlcyJ9.AAAAAAAAAAAAAAAAAAAAAAAA', NOWHERE],
  ['/r/<forged>', () => '/r/eyJwIjoiY2xpY2sifQ.AAAAAAAAAAAAAAAAAAAAAAAA', NOWHERE],
  ...acmeOnlyItems.slice(0, 2).map((i): [string, () => string, Record<Role, number>] => [`${i.href} (Acme-only content)`, () => i.href, ACME_CONTENT]),
  ...acmeOnlyItems.slice(0, 1).map((i): [string, () => string, Record<Role, number>] => [`${i.href}?account=acme`, () => `${i.href}?account=acme&accountId=acct-acme&segment=high&plan=enterprise`, ACME_CONTENT]),
  ...customersOnlyItems.slice(0, 2).map((i): [string, () => string, Record<Role, number>] => [`${i.href} (customers-only)`, () => i.href, SIGNED_IN]),
];

describe('the content has restricted items to test with', () => {
  it('has an item only Acme (high touch / enterprise) may open and a customers-only item', () => {
    expect(acmeOnlyItems.length).toBeGreaterThan(0);
    expect(customersOnlyItems.length).toBeGreaterThan(0);
  });
});

describe.each(matrix)('%s', (_label, path, expected) => {
  it.each(Object.keys(ROLES) as Role[])('as %s', async (role) => {
    const res = await get(baseUrl, path(), tokens[role]);
    if (expected[role] === 303) {
      // Pages send visitors to sign in (302 or 303), back to where they were afterwards.
      expect([302, 303]).toContain(res.status);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=%2F/);
    } else expect(res.status).toBe(expected[role]);
    await res.arrayBuffer();
  });
});

describe('authors read content KPIs without personal data', () => {
  it('the staff landing and dashboard navigation offer an author no account drill-down, and no page they open shows a customer email', async () => {
    const pages = ['/manage', '/manage/overview', '/manage/kpi/viewing', '/manage/kpi/awareness', '/manage/kpi/volume'];
    // …nor the engage pages (results by account, the outbox's addresses).
    for (const path of ['/manage/engage', '/manage/engage/outbox']) {
      const html = await (await get(baseUrl, '/manage', tokens.author)).text();
      expect(html, path).not.toContain(`href="${path}"`);
    }
    for (const path of pages) {
      const res = await get(baseUrl, path, tokens.author);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).not.toContain('href="/manage/kpi/accounts"');
      expect(html, path).not.toContain('href="/manage/kpi/accounts/');
      expect(html, path).not.toContain('href="/manage/alerts"');
      expect(html, path).not.toMatch(/[a-z0-9._-]+@(acme|globex)\.example/);
    }
    // A manager still finds the account list from the same pages.
    const manager = await (await get(baseUrl, '/manage', tokens.manager)).text();
    expect(manager).toContain('href="/manage/kpi/accounts"');
    expect(await (await get(baseUrl, '/manage/kpi/viewing', tokens.manager)).text()).toContain('href="/manage/kpi/accounts/');
  });
});

describe('scope comes from the session, never from identifiers', () => {
  it('a Globex admin\'s team (page and API) lists only Globex people, whatever the query says', async () => {
    const api = await (await get(baseUrl, '/api/team/members?accountId=acct-acme&account=acme', tokens['globex-admin'])).json();
    expect(api.accountId).toBe('acct-globex');
    expect(api.members.map((m: { email: string }) => m.email)).toContain('user@globex.example');
    expect(api.members.every((m: { email: string }) => !m.email.endsWith('@acme.example'))).toBe(true);
    const page = await (await postForm(baseUrl, '/team?accountId=acct-acme', { accountId: 'acct-acme', account: 'acme' }, tokens['globex-admin'])).text();
    expect(page).toContain('user@globex.example');
    expect(page).not.toContain('@acme.example');
  });

  it('a Globex admin\'s progress CSV holds Globex people only, even when the URL names Acme', async () => {
    const csv = await (await get(baseUrl, '/team/progress/account-users.csv?account=acct-acme&accountId=acct-acme', tokens['globex-admin'])).text();
    const acmeNames = query<{ name: string }>(databasePath, "SELECT name FROM users WHERE account_id = 'acct-acme'").map((r) => r.name);
    const globexNames = query<{ name: string }>(databasePath, "SELECT name FROM users WHERE account_id = 'acct-globex'").map((r) => r.name);
    expect(globexNames.some((n) => csv.includes(n))).toBe(true);
    for (const n of acmeNames.filter((n) => !globexNames.includes(n))) expect(csv).not.toContain(n);
  });

  it('an Acme admin\'s team never shows Globex people', async () => {
    const page = await (await get(baseUrl, '/team?accountId=acct-globex', tokens['acme-admin'])).text();
    expect(page).toContain('user@acme.example');
    expect(page).not.toContain('@globex.example');
  });

  it('a customer admin cannot change another account through admin POSTs, and nothing is written', async () => {
    const before = query(databasePath, "SELECT disabled_at, updated_at FROM accounts WHERE id = 'acct-acme'");
    for (const role of ['globex-admin', 'acme-admin', 'manager', 'author'] as const) {
      const res = await postForm(baseUrl, '/manage/accounts/acct-acme', { intent: 'disable' }, tokens[role]);
      expect(res.status, role).toBe(403);
      const create = await postForm(baseUrl, '/manage/accounts/new', { slug: `x-${role}`, name: 'X', segment: 'high', plan: 'starter', contractStart: '2026-01-01' }, tokens[role]);
      expect(create.status, role).toBe(403);
    }
    expect(query(databasePath, "SELECT disabled_at, updated_at FROM accounts WHERE id = 'acct-acme'")).toEqual(before);
    expect(query(databasePath, "SELECT id FROM accounts WHERE slug LIKE 'x-%'")).toEqual([]);
  });

  it('a Globex person cannot tick, and never sees, Acme\'s roadmap actions; nothing is written', async () => {
    const before = query(databasePath, "SELECT * FROM roadmap_progress WHERE account_id = 'acct-acme' ORDER BY action_id");
    for (const role of ['globex-admin', 'globex-customer'] as const) {
      for (const action of ['design-approval', 'design-kickoff', 'stage-1']) {
        const res = await postForm(baseUrl, '/api/roadmap/tick', { account: 'acct-acme', action, back: '/me/roadmap' }, tokens[role]);
        expect(res.status, `${role} ${action}`).toBe(403);
        await res.arrayBuffer();
      }
      const page = await (await get(baseUrl, '/me/roadmap?account=acct-acme&accountId=acct-acme', tokens[role])).text();
      expect(page).not.toContain('value="acct-acme"');
    }
    expect(query(databasePath, "SELECT * FROM roadmap_progress WHERE account_id = 'acct-acme' ORDER BY action_id")).toEqual(before);
  });

  it('event registrations and attendance (per person) are for managers only; the CSV holds no other account for a customer', async () => {
    for (const role of ['acme-customer', 'acme-admin', 'globex-admin', 'author'] as const) {
      const res = await get(baseUrl, '/manage/events/announce-meetup-2026-10.csv', tokens[role]);
      expect(res.status, role).toBe(403);
      expect(await res.text()).not.toMatch(/@(acme|globex)\.example/);
    }
  });

  it('a Globex customer never receives Acme-only content, in any translation or with ?lang', async () => {
    for (const item of acmeOnlyItems) {
      for (const suffix of ['', '?lang=en', '?lang=ja', '/', '?account=acme']) {
        const res = await get(baseUrl, `${item.href}${suffix}`, tokens['globex-customer']);
        expect([403, 404], `${item.href}${suffix}`).toContain(res.status);
        expect(await res.text()).not.toContain(item.title);
      }
    }
  });

  it('listings never show a Globex customer an Acme-only item', async () => {
    for (const path of ['/', '/articles', '/levels/2', '/levels/3']) {
      const html = await (await get(baseUrl, path, tokens['globex-customer'])).text();
      for (const item of acmeOnlyItems) expect(html, path).not.toContain(`href="${item.href}"`);
    }
    const acme = await (await get(baseUrl, '/articles', tokens['acme-customer'])).text();
    expect(acmeOnlyItems.some((i) => acme.includes(`href="${i.href}"`))).toBe(true);
  });
});

describe('search index files per index set', () => {
  // The global setup built the site, so the manifest is there.
  const manifest = JSON.parse(readFileSync(join(ROOT, 'dist/search/tiers.json'), 'utf8')) as {
    tiers: Array<{ id: string; audience: Audience | 'public' }>;
    indexes: Array<{ id: string; tiers: string[] }>;
  };
  const { tiers, indexes } = manifest;
  const viewers: Record<Role, Viewer | null> = {
    anonymous: null,
    'acme-customer': ACME,
    'acme-admin': { ...ACME, role: 'customer-admin' },
    'globex-customer': GLOBEX,
    'globex-admin': { ...GLOBEX, role: 'customer-admin' },
    author: { userId: 'a', role: 'author' },
    manager: { userId: 'm', role: 'manager' },
    admin: { userId: 'd', role: 'admin' },
  };

  it('has a tier only some accounts may read', () => {
    expect(tiers.some((t) => t.audience !== 'public' && t.audience !== 'customers')).toBe(true);
  });

  it.each(indexes.map((s) => [s.id, s] as const))('index %s: readable exactly by the roles that may read every tier in it', async (_id, set) => {
    for (const role of Object.keys(ROLES) as Role[]) {
      const res = await get(baseUrl, `/search-index/${set.id}/pagefind-entry.json?account=acme&accountId=acct-acme`, tokens[role]);
      const allowed = set.tiers.every((id) => canView(viewers[role], tiers.find((t) => t.id === id)!.audience as Audience));
      if (allowed) expect(res.status, role).toBe(200);
      else expect([401, 403, 404], role).toContain(res.status);
      await res.arrayBuffer();
    }
  });
});
