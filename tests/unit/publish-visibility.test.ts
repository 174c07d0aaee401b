import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentNow, isPublished, isScheduled, nextReleaseAt } from '../../src/lib/content/visibility.ts';

const at = (iso: string) => new Date(iso);

describe('the publication rule', () => {
  it('published = not a draft and publishedAt <= now, to the millisecond', () => {
    const now = at('2026-12-07T01:00:00Z');
    expect(isPublished({ publishedAt: at('2026-12-07T01:00:00Z') }, now)).toBe(true);
    expect(isPublished({ publishedAt: at('2026-12-07T01:00:00.001Z') }, now)).toBe(false);
    expect(isPublished({ draft: true, publishedAt: at('2020-01-01') }, now)).toBe(false);
    expect(isScheduled({ publishedAt: at('2026-12-08') }, now)).toBe(true);
    expect(isScheduled({ draft: true, publishedAt: at('2026-12-08') }, now)).toBe(false);
  });

  it('knows when the published set changes next (drafts never count)', () => {
    const now = at('2026-12-07T00:00:00Z');
    const items = [{ publishedAt: at('2026-12-09') }, { publishedAt: at('2026-12-08') }, { draft: true, publishedAt: at('2026-12-07T12:00:00Z') }, { publishedAt: at('2026-01-01') }];
    expect(nextReleaseAt(items, now)).toBe(at('2026-12-08').getTime());
    expect(nextReleaseAt([{ publishedAt: at('2026-01-01') }], now)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the test clock (JISOU_TEST_CLOCK_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-clock-'));
  const file = join(dir, 'now');
  const saved = { env: process.env.NODE_ENV, file: process.env.JISOU_TEST_CLOCK_FILE };
  afterEach(() => {
    process.env.NODE_ENV = saved.env;
    if (saved.file === undefined) delete process.env.JISOU_TEST_CLOCK_FILE;
    else process.env.JISOU_TEST_CLOCK_FILE = saved.file;
  });

  it('moves content time under NODE_ENV=test and is ignored anywhere else', () => {
    writeFileSync(file, '2030-05-01T10:00:00.000Z');
    process.env.JISOU_TEST_CLOCK_FILE = file;
    process.env.NODE_ENV = 'test';
    expect(contentNow().toISOString()).toBe('2030-05-01T10:00:00.000Z');
    process.env.NODE_ENV = 'production';
    expect(Math.abs(contentNow().getTime() - Date.now())).toBeLessThan(1000);
    rmSync(dir, { recursive: true, force: true });
  });
});
