import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/lib/access.ts';
import { checkRule, isApiPath, loginRedirectPath, ruleFor } from '../../src/lib/server/auth/route-guard.ts';

const v = (role: Viewer['role'], accountId?: string): Viewer => ({ userId: 'u', role, ...(accountId ? { accountId } : {}) });

describe('role rules', () => {
  it.each([
    ['admin', null, 401],
    ['admin', v('customer', 'a'), 403],
    ['admin', v('customer-admin', 'a'), 403],
    ['admin', v('author'), 403],
    ['admin', v('manager'), 403],
    ['admin', v('admin'), 200],
    ['staff', v('customer-admin', 'a'), 403],
    ['staff', v('author'), 200],
    ['staff', v('manager'), 200],
    ['customer-admin', v('customer', 'a'), 403],
    ['customer-admin', v('customer-admin', 'a'), 200],
    ['customer-admin', v('customer-admin'), 403],
    ['customer-admin', v('admin'), 403],
    ['signed-in', v('customer', 'a'), 200],
    ['signed-in', null, 401],
    ['publisher', v('author'), 200],
    ['publisher', v('admin'), 200],
    ['publisher', v('manager'), 403],
    ['publisher', v('customer-admin', 'a'), 403],
    ['publisher', null, 401],
  ] as const)('%s with %o → %i', (rule, viewer, status) => {
    const r = checkRule(rule, viewer);
    expect(r.allow ? 200 : r.status).toBe(status);
  });

  it('knows API paths and builds the sign-in redirect with the original path and query', () => {
    expect(isApiPath('/api/team/members')).toBe(true);
    expect(isApiPath('//api//team')).toBe(true);
    expect(isApiPath('/apis')).toBe(false);
    expect(loginRedirectPath(new URL('http://x/team?tab=a&b=c'))).toBe('/login?next=%2Fteam%3Ftab%3Da%26b%3Dc');
    expect(ruleFor('/api/manage/accounts/x')).toBe('admin');
    // Engage pages show people's addresses and results by account: managers and admins only.
    expect(ruleFor('/manage/engage')).toBe('manager');
    expect(ruleFor('/manage/Engage/outbox')).toBe('manager');
    expect(ruleFor('/manage/x/../engage/preview')).toBe('manager');
    // Mail links work signed-out (the signed token is the authorisation).
    expect(ruleFor('/unsubscribe/abc')).toBeNull();
    expect(ruleFor('/r/abc')).toBeNull();
  });

  it('guards the roadmap and event routes: people and positions for managers, ticking and registering for anyone signed in', () => {
    expect(ruleFor('/manage/events/announce-meetup-2026-10.csv')).toBe('manager');
    expect(ruleFor('/manage/%65vents')).toBe('manager');
    expect(ruleFor('/manage/roadmaps')).toBe('manager');
    expect(ruleFor('/api/roadmap/tick')).toBe('signed-in');
    expect(ruleFor('/api/events/x')).toBe('signed-in');
    expect(ruleFor('/me/roadmap')).toBe('signed-in');
  });
});
