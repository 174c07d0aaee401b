import { prepared, type KpiContext } from './kpi-context.ts';
import { dayInZone } from './period.ts';

export interface TimelineEntry {
  day: string;
  /** contract | first-view | engaged | alert-start | alert-end */
  kind: string;
  /** Item key or alert kind. */
  subject: string;
  title: string;
}

const FIRST_SQL = `SELECT content_key AS key, first_view_at AS viewAt, first_engaged_at AS engagedAt FROM tracking_account_awareness
  WHERE account_id = ? AND (first_view_at IS NOT NULL OR first_engaged_at IS NOT NULL)`;
const ALERTS_SQL = `SELECT kind, started_at AS startedAt, ended_at AS endedAt FROM kpi_alerts WHERE account_id = ?`;
const CONTRACT_SQL = `SELECT contract_start AS contractStart FROM accounts WHERE id = ?`;

/** What happened in an account, newest first (same day and kind: by item key, so both backends agree): contract start, items first opened and engaged with, alerts. */
export function getAccountTimeline(ctx: KpiContext, accountId: string, limit = 200): TimelineEntry[] {
  const tz = ctx.settings.timeZone;
  const out: TimelineEntry[] = [];
  const contract = prepared(ctx.db, CONTRACT_SQL).get(accountId) as { contractStart: string } | undefined;
  if (contract) out.push({ day: contract.contractStart, kind: 'contract', subject: '', title: '' });
  for (const r of prepared(ctx.db, FIRST_SQL).all(accountId) as { key: string; viewAt: number | null; engagedAt: number | null }[]) {
    const title = ctx.content.byKey.get(r.key)?.title;
    if (!title) continue;
    if (r.viewAt !== null) out.push({ day: dayInZone(r.viewAt, tz), kind: 'first-view', subject: r.key, title });
    if (r.engagedAt !== null) out.push({ day: dayInZone(r.engagedAt, tz), kind: 'engaged', subject: r.key, title });
  }
  for (const a of prepared(ctx.db, ALERTS_SQL).all(accountId) as { kind: string; startedAt: number; endedAt: number | null }[]) {
    out.push({ day: dayInZone(a.startedAt, tz), kind: 'alert-start', subject: a.kind, title: '' });
    if (a.endedAt !== null) out.push({ day: dayInZone(a.endedAt, tz), kind: 'alert-end', subject: a.kind, title: '' });
  }
  const to = ctx.periods.current.to;
  return out.filter((e) => e.day <= to).sort((a, b) => b.day.localeCompare(a.day) || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject)).slice(0, limit);
}
