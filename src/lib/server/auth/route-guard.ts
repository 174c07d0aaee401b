import { canReadAccountDetails, isStaff, type Viewer } from '../../access.ts';

/**
 * Who may enter which area (decided here once, checked again by each page):
 * - `/manage/accounts/**`, `/api/manage/accounts/**`: admin only (they change who can see what).
 * - `/manage/kpi/accounts/**`, `/manage/alerts`, `/manage/requests`, `/manage/engage/**`: managers and admins (people and
 *   their emails; authors read the content KPIs only).
 * - `/manage/publish`: admins and authors (they publish; managers read).
 * - `/manage/**`, `/api/manage/**`: staff (author, manager, admin).
 * - `/team/**`, `/api/team/**`: customer-admin (their own account only; the page scopes by session).
 * - `/manage/events/**`, `/manage/roadmaps`: managers and admins (people and accounts by name).
 * - `/profile`, `/me/roadmap`, `/api/roadmap/**`, `/api/events/**`: anyone signed in (each scopes by session).
 */
export type GuardRule = 'admin' | 'manager' | 'publisher' | 'staff' | 'customer-admin' | 'signed-in';

export type GuardResult = { allow: true } | { allow: false; status: 401 | 403 };

const RULES: Array<{ prefix: string; rule: GuardRule }> = [
  { prefix: '/manage/accounts', rule: 'admin' },
  { prefix: '/api/manage/accounts', rule: 'admin' },
  { prefix: '/manage/kpi/accounts', rule: 'manager' },
  { prefix: '/manage/alerts', rule: 'manager' },
  { prefix: '/manage/requests', rule: 'manager' },
  { prefix: '/manage/stories', rule: 'manager' },
  { prefix: '/manage/events', rule: 'manager' },
  { prefix: '/manage/roadmaps', rule: 'manager' },
  { prefix: '/manage/publish', rule: 'publisher' },
  // Plays, mail results by account and the outbox (people's addresses): managers and admins.
  { prefix: '/manage/engage', rule: 'manager' },
  { prefix: '/manage', rule: 'staff' },
  { prefix: '/api/manage', rule: 'staff' },
  { prefix: '/team', rule: 'customer-admin' },
  { prefix: '/api/team', rule: 'customer-admin' },
  { prefix: '/profile', rule: 'signed-in' },
  { prefix: '/me/roadmap', rule: 'signed-in' },
  { prefix: '/api/roadmap', rule: 'signed-in' },
  { prefix: '/api/events', rule: 'signed-in' },
];

/**
 * Canonical form used only for deciding access: percent-decoding repeated (so `%252e` cannot hide a
 * segment), backslashes as slashes, repeated slashes collapsed, dot segments resolved, lower case,
 * no trailing slash. Being stricter than the router is safe; being looser would not be.
 */
export function normalizePathForGuard(pathname: string): string {
  let p = pathname;
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      break;
    }
    if (decoded === p) break;
    p = decoded;
  }
  p = p.replace(/\\/g, '/').replace(/\/{2,}/g, '/').toLowerCase();
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

export function ruleFor(pathname: string): GuardRule | null {
  const p = normalizePathForGuard(pathname);
  for (const { prefix, rule } of RULES) {
    if (p === prefix || p.startsWith(`${prefix}/`)) return rule;
  }
  return null;
}

export function checkRule(rule: GuardRule, viewer: Viewer | null): GuardResult {
  if (viewer === null) return { allow: false, status: 401 };
  const ok =
    rule === 'signed-in' ||
    (rule === 'staff' && isStaff(viewer)) ||
    (rule === 'admin' && viewer.role === 'admin') ||
    (rule === 'publisher' && (viewer.role === 'admin' || viewer.role === 'author')) ||
    (rule === 'manager' && canReadAccountDetails(viewer)) ||
    (rule === 'customer-admin' && viewer.role === 'customer-admin' && viewer.accountId !== undefined);
  return ok ? { allow: true } : { allow: false, status: 403 };
}

export function isApiPath(pathname: string): boolean {
  return normalizePathForGuard(pathname).startsWith('/api/');
}

export function loginRedirectPath(url: URL): string {
  return `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
}
