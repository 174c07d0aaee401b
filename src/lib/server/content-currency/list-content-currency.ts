import { spawnSync } from 'node:child_process';
import { count, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { itemFeedback, trackingViews } from '../../../../db/schema/index.ts';
import type { Item } from '../../content/catalog.ts';
import { isPublished } from '../../content/visibility.ts';
import { findExternalLinks, readLinkCache } from './check-links.ts';

export type CurrencyFlag = 'review-overdue' | 'unhelpful' | 'broken-link';

export interface ContentCurrencyRow {
  key: string;
  type: Item['type'];
  locale: string;
  title: string;
  href: string;
  state: 'published' | 'draft' | 'scheduled';
  owner: string | null;
  reviewBy: Date | null;
  lastChange: { at: Date; author: string } | null;
  views: number;
  feedback: { helpful: number; answers: number } | null;
  brokenLinks: string[];
  flags: CurrencyFlag[];
}

/** An item is "unhelpful" from this many answers on, when fewer than half say it helped. */
const UNHELPFUL_MIN_ANSWERS = 3;
const GIT_CACHE_MS = 5 * 60_000;
let gitCache: { root: string; at: number; map: Map<string, { at: Date; author: string }> } | undefined;

/** The last commit touching each file under content/, in one `git log` pass (cached for a few minutes). */
export function readLastChanges(root: string): Map<string, { at: Date; author: string }> {
  if (gitCache && gitCache.root === root && Date.now() - gitCache.at < GIT_CACHE_MS) return gitCache.map;
  const map = new Map<string, { at: Date; author: string }>();
  const r = spawnSync('git', ['log', '--format=%x1e%cI%x1f%an', '--name-only', '--', 'content'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) {
    for (const block of r.stdout.split('\x1e')) {
      const [head = '', ...files] = block.split('\n');
      const [at, author = ''] = head.split('\x1f');
      if (!at) continue;
      for (const f of files) if (f && !map.has(f)) map.set(f, { at: new Date(at), author });
    }
  }
  gitCache = { root, at: Date.now(), map };
  return map;
}

/**
 * /manage/content: every built item (drafts and scheduled ones too) with who keeps it current, when it last
 * changed in git, its review date, views, "was this helpful?" answers and the external links content:links
 * found broken, flagged where it needs attention.
 */
export function listContentCurrency(db: Db, items: Item[], opts: { root: string; linksCache: string; now: Date }): ContentCurrencyRow[] {
  const views = new Map(
    db.select({ key: trackingViews.contentKey, n: count() }).from(trackingViews).groupBy(trackingViews.contentKey).all().map((r) => [r.key, r.n]),
  );
  const feedback = new Map(
    db
      .select({ key: itemFeedback.contentKey, helpful: sql<number>`sum(CASE WHEN ${itemFeedback.helpful} THEN 1 ELSE 0 END)`, answers: count() })
      .from(itemFeedback)
      .groupBy(itemFeedback.contentKey)
      .all()
      .map((r) => [r.key, { helpful: Number(r.helpful), answers: r.answers }]),
  );
  const links = readLinkCache(opts.linksCache).results;
  const changes = readLastChanges(opts.root);
  return items
    .map((item) => {
      const data = item.entry.data as { owner?: string; reviewBy?: Date };
      const fb = feedback.get(item.key) ?? null;
      const brokenLinks = [...new Set(findExternalLinks(item.entry.body ?? '').map((l) => l.url))].filter((u) => links[u] && !links[u]!.ok);
      const reviewBy = data.reviewBy ?? null;
      const flags: CurrencyFlag[] = [];
      if (reviewBy && reviewBy.getTime() < opts.now.getTime()) flags.push('review-overdue');
      if (fb && fb.answers >= UNHELPFUL_MIN_ANSWERS && fb.helpful / fb.answers < 0.5) flags.push('unhelpful');
      if (brokenLinks.length) flags.push('broken-link');
      const filePath = (item.entry as { filePath?: string }).filePath;
      return {
        key: item.key,
        type: item.type,
        locale: item.locale,
        title: item.title,
        href: item.href + (item.locale === 'ja' ? '' : `?lang=${item.locale}`),
        state: isPublished(item, opts.now) ? 'published' : item.draft ? 'draft' : 'scheduled',
        owner: data.owner ?? null,
        reviewBy,
        lastChange: filePath ? (changes.get(filePath.replace(/^\.\//, '')) ?? null) : null,
        views: views.get(item.key) ?? 0,
        feedback: fb,
        brokenLinks,
        flags,
      } satisfies ContentCurrencyRow;
    })
    .sort((a, b) => b.flags.length - a.flags.length || a.type.localeCompare(b.type) || a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale));
}
