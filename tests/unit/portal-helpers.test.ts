import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/server/http/safe-redirect.ts';
import { contentTypeFor, parseRange, resolveMediaPath } from '../../src/lib/server/media-path.ts';
import {
  chapterSeconds,
  collectFacets,
  matchesFilter,
  readListFilter,
  seriesNeighbours,
} from '../../src/lib/content/list-filter.ts';
import { buildMediaIndex, decideMediaAccess, mediaPathsOf } from '../../src/lib/content/media-refs.ts';
import { mediaUrl } from '../../src/lib/content/media-url.ts';
import type { Viewer } from '../../src/lib/access.ts';

describe('safeNextPath', () => {
  it('keeps same-origin paths with query and hash', () => {
    expect(safeNextPath('/manuals/x?lang=en#step-2')).toBe('/manuals/x?lang=en#step-2');
    expect(safeNextPath('/')).toBe('/');
  });
  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil', '', '/\t/evil.example', 'javascript:alert(1)', null])(
    'refuses %j and falls back to /',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );
});

describe('resolveMediaPath', () => {
  it('accepts plain relative paths', () => {
    expect(resolveMediaPath('webinars/kickoff.mp4')).toBe('webinars/kickoff.mp4');
    expect(resolveMediaPath('figures/%E8%A8%AD%E5%AE%9A.png')).toBe('figures/設定.png');
  });
  it.each([
    '../package.json',
    '..%2f..%2fpackage.json',
    '%2e%2e/%2e%2e/package.json',
    '%252e%252e/package.json',
    'webinars//kickoff.mp4',
    '/etc/passwd',
    '..\\package.json',
    'webinars/./kickoff.mp4',
    'webinars/%00.mp4',
    '',
    undefined,
  ])('rejects %j', (raw) => {
    expect(resolveMediaPath(raw)).toBeNull();
  });
});

describe('parseRange', () => {
  it('reads a bounded, open and suffix range', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 });
  });
  it('ignores malformed or multi ranges and flags unsatisfiable ones', () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=50-10', 1000)).toBe('unsatisfiable');
  });
  it('names common media types', () => {
    expect(contentTypeFor('a/b.mp4')).toBe('video/mp4');
    expect(contentTypeFor('a/b.WEBM')).toBe('video/webm');
    expect(contentTypeFor('a/b.bin')).toBe('application/octet-stream');
  });
});

describe('list filters', () => {
  const items = [
    { key: 'a', tags: ['権限', '初期設定'], productArea: 'admin' },
    { key: 'b', tags: ['権限'], productArea: 'dashboard' },
    { key: 'c', tags: [] },
  ];
  it('narrows by tag and by product area together', () => {
    expect(items.filter((i) => matchesFilter(i, { tag: '権限' })).map((i) => i.key)).toEqual(['a', 'b']);
    expect(items.filter((i) => matchesFilter(i, { tag: '権限', area: 'admin' })).map((i) => i.key)).toEqual(['a']);
    expect(items.filter((i) => matchesFilter(i, {})).length).toBe(3);
  });
  it('counts facet values, most used first', () => {
    const { tags, areas } = collectFacets(items);
    expect(tags).toEqual([
      { value: '権限', count: 2 },
      { value: '初期設定', count: 1 },
    ]);
    expect(areas.map((a) => a.value)).toEqual(['admin', 'dashboard']);
  });
  it('reads the filter from the query and drops empty or over-long values', () => {
    expect(readListFilter(new URLSearchParams('tag=権限&area='))).toEqual({ tag: '権限', area: undefined });
    expect(readListFilter(new URLSearchParams(`tag=${'x'.repeat(41)}`)).tag).toBeUndefined();
  });
});

describe('series and chapters', () => {
  it('finds previous and next page by order, whatever the input order', () => {
    const pages = [
      { key: 'c', order: 3 },
      { key: 'a', order: 1 },
      { key: 'b', order: 2 },
    ];
    const nav = seriesNeighbours(pages, 'b');
    expect([nav.previous?.key, nav.next?.key, nav.position, nav.total]).toEqual(['a', 'c', 2, 3]);
    expect(seriesNeighbours(pages, 'a').previous).toBeUndefined();
    expect(seriesNeighbours(pages, 'c').next).toBeUndefined();
  });
  it('converts chapter marks to seconds', () => {
    expect(chapterSeconds('0:00')).toBe(0);
    expect(chapterSeconds('1:30')).toBe(90);
    expect(chapterSeconds('1:02:03')).toBe(3723);
  });
});

describe('media references and gating', () => {
  const webinar = {
    audience: 'public' as const,
    data: { video: { src: 'webinars/a.mp4', poster: 'webinars/a.png' } },
    body: '<Figure src="figures/x.png" alt="x" />\n<Video src={"clips/b.webm"} poster=\'clips/b.png\' />\n<Figure src="https://cdn.example/y.png" alt="" />',
  };
  const secret = { audience: { segments: ['high' as const], plans: [] }, data: {}, body: '<Figure src="figures/secret.png" alt="" />' };
  const customer: Viewer = { userId: 'u1', role: 'customer', accountId: 'a1', segment: 'low' };
  const highTouch: Viewer = { ...customer, segment: 'high' };

  it('collects frontmatter video, poster and body Figure/Video paths, never external URLs', () => {
    expect(mediaPathsOf(webinar).sort()).toEqual(['clips/b.png', 'clips/b.webm', 'figures/x.png', 'webinars/a.mp4', 'webinars/a.png']);
  });
  it('lets a file through when any item using it is open to the viewer', () => {
    const index = buildMediaIndex([webinar, secret]);
    expect(decideMediaAccess(index.get('webinars/a.mp4'), null)).toBe('ok');
    expect(decideMediaAccess(index.get('figures/secret.png'), null)).toBe('sign-in');
    expect(decideMediaAccess(index.get('figures/secret.png'), customer)).toBe('forbidden');
    expect(decideMediaAccess(index.get('figures/secret.png'), highTouch)).toBe('ok');
    expect(decideMediaAccess(index.get('figures/unused.png'), highTouch)).toBe('not-found');
  });
  it('builds /media URLs with encoded segments and keeps external URLs', () => {
    expect(mediaUrl('figures/設定 1.png')).toBe('/media/figures/%E8%A8%AD%E5%AE%9A%201.png');
    expect(mediaUrl('https://cdn.example/v.mp4')).toBe('https://cdn.example/v.mp4');
  });
});
