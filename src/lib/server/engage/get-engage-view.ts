import type { Db } from '../../../../db/client.ts';
import { engageAnnouncementRuns } from '../../../../db/schema/index.ts';
import type { Locale } from '../../../schemas/common.ts';
import { getConfig } from '../config.ts';
import { titleIn } from './engage-content.ts';
import { getSourceResults, type SourceResultRow } from './get-source-results.ts';
import { listPlayRuns, type PlayRunSummary } from './list-play-runs.ts';
import { engageEnv } from './run-engage-jobs.ts';
import { evaluatePlays, type PlayEvaluation } from './run-plays.ts';

export interface EngageView {
  plays: (PlayRunSummary & { title: string; enabled: boolean; trigger: string; cooldownDays: number; quiet: string })[];
  announcements: { key: string; title: string; publishedAt: string; processedAt: number | null; queued: number; digested: number; skipped: number; delivered: number; clicked: number }[];
  /** The per-account results of the source in ?results=kind:key. */
  results: { kind: 'announcement' | 'play'; key: string; rows: SourceResultRow[]; bySegment: SourceResultRow[] } | null;
  dryRun: PlayEvaluation | null;
}

/** Everything /manage/engage shows, from one call. `results` and `dry` come from the page's query string. */
export function getEngageView(db: Db, root: string, locale: Locale, q: { results?: string; dry?: string }, now = Date.now()): EngageView {
  const env = engageEnv(db, root, getConfig(), now);
  const runs = new Map(listPlayRuns(db, env.plays.map((p) => p.key)).map((r) => [r.playKey, r]));
  const plays = env.plays.map((p) => ({
    ...runs.get(p.key)!, title: p.title[locale], enabled: p.enabled, trigger: p.trigger.kind, cooldownDays: p.cooldownDays, quiet: `${p.quietHours.start}–${p.quietHours.end}`,
  }));
  const done = new Map(db.select().from(engageAnnouncementRuns).all().map((r) => [r.announcementKey, r]));
  const announcements = env.content.items
    .filter((i) => i.type === 'announcement' && i.channels.includes('email'))
    .map((i) => {
      const run = done.get(i.key);
      const res = getSourceResults(db, 'announcement', i.key);
      return {
        key: i.key, title: titleIn(i, locale), publishedAt: i.publishedAt.toISOString().slice(0, 10), processedAt: run?.processedAt ?? null,
        queued: run?.queued ?? 0, digested: run?.digested ?? 0, skipped: run?.skipped ?? 0,
        delivered: res.reduce((n, r) => n + r.delivered, 0), clicked: res.reduce((n, r) => n + r.clicked, 0),
      };
    });
  let results: EngageView['results'] = null;
  const [kind, key] = (q.results ?? '').split(':');
  if ((kind === 'announcement' || kind === 'play') && key) {
    const rows = getSourceResults(db, kind, key);
    const seg = new Map<string, SourceResultRow>();
    for (const r of rows) {
      const s = seg.get(r.segment) ?? { accountId: '', accountName: r.segment, segment: r.segment, delivered: 0, clicked: 0, viewed: 0, engaged: 0 };
      s.delivered += r.delivered;
      s.clicked += r.clicked;
      s.viewed += r.viewed;
      s.engaged += r.engaged;
      seg.set(r.segment, s);
    }
    results = { kind, key, rows, bySegment: [...seg.values()] };
  }
  const play = q.dry ? env.plays.find((p) => p.key === q.dry) : undefined;
  return { plays, announcements, results, dryRun: play ? evaluatePlays(env, [play])[0]! : null };
}
