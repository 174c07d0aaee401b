import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getKpiContent } from '../../src/lib/server/kpi/kpi-service.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MINUTE = 60_000;

// The dashboards keep their shared results (the account evaluation, awareness) while the content object is the
// same one: a content object made anew every minute recomputed them all, without any content having changed.
describe('the published content the dashboards read', () => {
  const root = mkdtempSync(join(tmpdir(), 'jisou-kpi-content-'));
  cpSync(join(ROOT, 'content'), join(root, 'content'), { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'content/manuals/ja/admin-basics/01-roles-permissions.mdx');

  it('stays the same object a minute later while no content file changed', () => {
    const first = getKpiContent(root, 0);
    expect(first.byKey.get('admin-roles-permissions')?.title).toBe('ロールと権限の設計');
    expect(getKpiContent(root, 2 * MINUTE)).toBe(first);
    expect(getKpiContent(root, 10 * MINUTE)).toBe(first);
  });

  it('shows an edited title within a minute, and then keeps the new object', () => {
    const before = getKpiContent(root, 10 * MINUTE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: ロールと権限の設計', 'title: ロールと権限の設計（改訂）'));
    expect(getKpiContent(root, 10 * MINUTE + 30_000)).toBe(before); // looked at once a minute
    const after = getKpiContent(root, 11 * MINUTE + 1);
    expect(after).not.toBe(before);
    expect(after.byKey.get('admin-roles-permissions')?.title).toBe('ロールと権限の設計（改訂）');
    expect(getKpiContent(root, 13 * MINUTE)).toBe(after);
  });
});
