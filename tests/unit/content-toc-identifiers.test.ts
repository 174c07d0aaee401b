import { describe, expect, it } from 'vitest';
import { splitIdentifier } from '../../src/lib/content/identifier-breaks.ts';
import { tocHeadings } from '../../src/lib/content/toc.ts';

const h = (depth: number, text: string) => ({ depth, text, slug: text });

describe('table of contents', () => {
  it('lists level-2 and level-3 headings when there are three ## sections', () => {
    expect(tocHeadings([h(2, 'a'), h(3, 'a1'), h(2, 'b'), h(2, 'c'), h(4, 'deep')]).map((x) => x.text)).toEqual(['a', 'a1', 'b', 'c']);
  });
  it('falls back on ### headings when a page has fewer than three ## sections', () => {
    expect(tocHeadings([h(2, 'only'), h(3, 'step 1'), h(3, 'step 2')]).map((x) => x.text)).toEqual(['only', 'step 1', 'step 2']);
  });
  it('gives no table when even that makes fewer than three entries', () => {
    expect(tocHeadings([h(2, 'a'), h(3, 'b'), h(4, 'c')])).toEqual([]);
  });
});

describe('identifier break points', () => {
  it('breaks after . / _ - : and between camelCase humps, never inside a word', () => {
    expect(splitIdentifier('src/lib/getAccountViewingTime.ts')).toEqual(['src/', 'lib/', 'get', 'Account', 'Viewing', 'Time.', 'ts']);
    expect(splitIdentifier('MAX_RETRY_COUNT')).toEqual(['MAX_', 'RETRY_', 'COUNT']);
    expect(splitIdentifier('kebab-case-name')).toEqual(['kebab-', 'case-', 'name']);
    expect(splitIdentifier('HTTPServer')).toEqual(['HTTPServer']);
  });
});
