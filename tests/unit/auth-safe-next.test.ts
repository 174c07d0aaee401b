import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/server/http/safe-redirect.ts';
import { normalizePathForGuard, ruleFor } from '../../src/lib/server/auth/route-guard.ts';

describe('safeNextPath', () => {
  it.each([
    ['/manuals/getting-started', '/manuals/getting-started'],
    ['/search?q=%E8%A8%AD%E5%AE%9A', '/search?q=%E8%A8%AD%E5%AE%9A'],
    ['/team#members', '/team#members'],
    ['/manuals/../articles?x=1', '/articles?x=1'],
    ['/a/./b', '/a/b'],
  ])('keeps same-origin path %s', (raw, want) => expect(safeNextPath(raw)).toBe(want));

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/%2f%2fevil.example',
    '/%2fevil.example',
    '%2f%2fevil.example',
    '/%5cevil.example',
    '/%252f%252fevil.example',
    // Dot segments that URL parsing collapses into a protocol-relative path (issue 12).
    '/..//evil.example/x',
    '/.//evil.example/x',
    '/%2e//evil.example/x',
    '/%2e%2e//evil.example/x',
    '/x/..//evil.example/x',
    '/x/%2e%2e//evil.example/x',
    '/a/b/../..//evil.example',
    '/..%2f/evil.example/x',
    '/.%2f/evil.example/x',
    '/%252e%252e//evil.example/x',
    '/../\\evil.example',
    '/\t/evil.example',
    '/ /evil.example',
    'evil.example',
    '',
    undefined,
  ])('rejects %s', (raw) => expect(safeNextPath(raw as string)).toBe('/'));
});

describe('route guard normalisation', () => {
  it.each([
    ['/manage', 'staff'],
    ['/manage/', 'staff'],
    ['//manage', 'staff'],
    ['/MANAGE/accounts', 'admin'],
    ['/%6danage/accounts', 'admin'],
    ['/x/%2e%2e/manage', 'staff'],
    ['/x/%252e%252e/manage/accounts/', 'admin'],
    ['/team/', 'customer-admin'],
    ['/api/team/members', 'customer-admin'],
    ['/manuals/x', null],
    ['/managed', null],
  ])('%s → %s', (path, rule) => expect(ruleFor(path)).toBe(rule));

  it('resolves dot segments and backslashes', () => {
    expect(normalizePathForGuard('/a/..\\manage')).toBe('/manage');
  });
});
