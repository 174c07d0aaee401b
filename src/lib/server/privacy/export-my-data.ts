// A person's own measured data as one CSV (the tracking disclosure page's "download my data"). Every
// query is keyed by the session's user id alone: nothing in the request selects whose rows are read.
import type Database from 'better-sqlite3';
import { csvCell } from '../kpi/to-csv.ts';

/** One measured fact, in a long format every source fits: what, when, about which item, how much. */
export interface MyDataRow {
  /** event | daily | progress | feedback | survey */
  source: 'event' | 'daily' | 'progress' | 'feedback' | 'survey';
  /** ISO time (events, feedback, surveys, progress updates) or reporting day (daily totals). */
  at: string;
  /** Content key or survey key. */
  subject: string;
  measure: string;
  value: string | number | null;
  /** Further fields as JSON (reading depth, video position, comment, answers). */
  detail: string;
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** Everything stored about `userId`, oldest first within each source. */
export function readMyData(db: Database.Database, userId: string): MyDataRow[] {
  const rows: MyDataRow[] = [];
  const events = db
    .prepare(`SELECT at, kind, content_key AS k, credit_ms AS ms, data FROM tracking_events WHERE user_id = ? ORDER BY at, id`)
    .all(userId) as { at: number; kind: string; k: string; ms: number; data: string | null }[];
  for (const e of events) rows.push({ source: 'event', at: iso(e.at), subject: e.k, measure: e.kind, value: Math.round(e.ms / 100) / 10, detail: e.data ?? '' });
  const daily = db
    .prepare(`SELECT day, content_key AS k, active_ms, video_ms, views, completions, impressions FROM tracking_daily WHERE user_id = ? ORDER BY day, content_key`)
    .all(userId) as { day: string; k: string; active_ms: number; video_ms: number; views: number; completions: number; impressions: number }[];
  for (const d of daily) {
    const measures: [string, number][] = [
      ['active_seconds', Math.round(d.active_ms / 1000)],
      ['video_seconds', Math.round(d.video_ms / 1000)],
      ['views', d.views],
      ['completions', d.completions],
      ['impressions', d.impressions],
    ];
    for (const [measure, value] of measures) if (value) rows.push({ source: 'daily', at: d.day, subject: d.k, measure, value, detail: '' });
  }
  const progress = db
    .prepare(
      `SELECT content_key AS k, active_ms, video_ms, position, covered_seconds, max_depth, completed_at, first_impression_at, first_view_at, first_engaged_at, updated_at
       FROM tracking_progress WHERE user_id = ? ORDER BY content_key`,
    )
    .all(userId) as Record<string, number | string | null>[];
  for (const p of progress) {
    const detail = JSON.stringify({
      activeSeconds: Math.round(Number(p.active_ms) / 1000),
      videoSeconds: Math.round(Number(p.video_ms) / 1000),
      videoPosition: p.position,
      readingDepth: p.max_depth,
      completedAt: iso(p.completed_at as number | null) || null,
      firstShownAt: iso(p.first_impression_at as number | null) || null,
      firstOpenedAt: iso(p.first_view_at as number | null) || null,
      firstEngagedAt: iso(p.first_engaged_at as number | null) || null,
    });
    rows.push({ source: 'progress', at: iso(p.updated_at as number), subject: String(p.k), measure: 'totals', value: Math.round(Number(p.active_ms) / 1000), detail });
  }
  const feedback = db
    .prepare(`SELECT content_key AS k, helpful, comment, updated_at FROM item_feedback WHERE user_id = ? ORDER BY updated_at`)
    .all(userId) as { k: string; helpful: number; comment: string | null; updated_at: number }[];
  for (const f of feedback) rows.push({ source: 'feedback', at: iso(f.updated_at), subject: f.k, measure: 'helpful', value: f.helpful ? 1 : 0, detail: f.comment ?? '' });
  const surveys = db
    .prepare(`SELECT survey_key AS k, round, answers, submitted_at, updated_at FROM survey_responses WHERE user_id = ? ORDER BY updated_at`)
    .all(userId) as { k: string; round: number; answers: string; submitted_at: number | null; updated_at: number }[];
  for (const s of surveys) rows.push({ source: 'survey', at: iso(s.submitted_at ?? s.updated_at), subject: s.k, measure: s.submitted_at ? 'submitted' : 'saved', value: s.round, detail: s.answers });
  return rows;
}

export const MY_DATA_COLUMNS = ['source', 'at', 'subject', 'measure', 'value', 'detail'] as const;

/** UTF-8 with BOM and CRLF like the KPI exports; headers in the reader's language. */
export function myDataToCsv(rows: MyDataRow[], header: (column: (typeof MY_DATA_COLUMNS)[number]) => string): string {
  const lines = [MY_DATA_COLUMNS.map((c) => csvCell(header(c))).join(',')];
  for (const r of rows) lines.push(MY_DATA_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
