// A small, hand-countable KPI world on a real SQLite file (migrations applied by openDatabase).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';
import { kpiConfigSchema, toKpiSettings, type KpiSettings } from '../../src/schemas/kpi-config.ts';
import { measureItem } from '../../src/lib/content/count-characters.ts';
import { createKpiContent, type KpiFileMeasure, type KpiItem } from '../../src/lib/server/kpi/kpi-content.ts';
import type { KpiContext } from '../../src/lib/server/kpi/kpi-context.ts';
import { resolvePeriod } from '../../src/lib/server/kpi/period.ts';
import { REFRESH_MS } from '../../src/lib/server/kpi/reuse-recent-read.ts';
import { vi } from 'vitest';

/** 2026-11-22 12:00 in Tokyo. */
export const NOW = Date.parse('2026-11-22T03:00:00Z');
const MIN = 60_000;

/** Let the reuse window of recent reads pass (or a longer one, e.g. after writes that are not tracking); undo with vi.useRealTimers(). */
export function later(ms = REFRESH_MS + 1): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
}

export function settings(env: Record<string, string> = {}): KpiSettings {
  return toKpiSettings(kpiConfigSchema.parse(env), 'Asia/Tokyo');
}

const item = (key: string, type: KpiItem['type'], level: KpiItem['level'], audience: KpiItem['audience'], published: string, extra: Partial<KpiItem> = {}): KpiItem => ({
  key, type, level, audience, title: key.toUpperCase(), locales: ['ja'], publishedAt: new Date(published), tags: [], refs: [], videoMinutes: 0, ...extra,
});

export const ITEMS: KpiItem[] = [
  item('m1', 'manual', 1, 'customers', '2026-01-01'),
  item('m2', 'manual', 1, 'customers', '2026-01-01'),
  item('w1', 'webinar', 2, { segments: ['high'], plans: [] }, '2026-11-18', { videoMinutes: 30 }),
  item('ann1', 'announcement', 4, 'customers', '2026-11-17', { refs: ['w1'] }),
];

/** Bodies with CJK edge cases; the expected counts are written next to them. */
export const BODIES: Record<string, [string, number]> = {
  m1: ['# はじめに\n\n日本語テキスト。Hello 世界!\n\n```ts\nconst x = "not counted";\n```\n', 4 + 7 + 5 + 2], // 18
  m2: ['ＡＢＣ１２３ です、ね。 `inline code` <Callout type="tip">注意</Callout>\n- リスト\n', 6 + 2 + 1 + 2 + 3], // 14
  w1: ['[リンク](https://example.com/path) と ![画像の説明](a.png) 🎉 ー々\n', 3 + 1 + 2], // 6
  ann1: ['{/* コメント */}\n新着\n', 2], // 2
};

export function files(): KpiFileMeasure[] {
  return ITEMS.map((i) => {
    const m = measureItem({ type: i.type, data: { key: i.key, locale: 'ja', level: i.level, publishedAt: i.publishedAt, durationMinutes: i.videoMinutes }, body: BODIES[i.key]![0] });
    return { ...m, type: i.type, file: `content/${i.key}.mdx`, tags: i.key.startsWith('m') ? ['setup'] : ['video'], productArea: undefined };
  });
}

export interface Fixture {
  db: Db;
  ctx: (period?: { period: '7' | '30' | '90' | 'custom'; from?: string; to?: string }, env?: Record<string, string>) => KpiContext;
  close: () => void;
}

export function createFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'jisou-kpi-'));
  const db = openDatabase(join(dir, 'kpi.sqlite'));
  const c = db.$client;
  const acct = c.prepare(`INSERT INTO accounts (id, slug, name, segment, plan, contract_start, csm_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`);
  const user = c.prepare(`INSERT INTO users (id, email, name, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)`);
  user.run('s1', 's1@jisou.test', 'Staff One', 'manager', null);
  acct.run('alpha', 'alpha', 'Alpha', 'high', 'enterprise', '2026-01-01', 's1');
  acct.run('beta', 'beta', 'Beta', 'tech', 'starter', '2026-01-01', null);
  acct.run('gamma', 'gamma', 'Gamma', 'low', 'business', '2026-11-01', null);
  acct.run('delta', 'delta', 'Delta', 'tech', 'starter', '2025-01-01', null);
  user.run('a1', 'a1@alpha.example', 'A One', 'customer-admin', 'alpha');
  user.run('a2', 'a2@alpha.example', 'A Two', 'customer', 'alpha');
  user.run('b1', 'b1@beta.example', 'B One', 'customer', 'beta');
  user.run('c1', 'c1@gamma.example', 'C One', 'customer', 'gamma');
  user.run('d1', 'd1@delta.example', 'D One', 'customer', 'delta');
  const daily = c.prepare(`INSERT INTO tracking_daily (day, account_id, user_id, content_key, active_ms, video_ms, views, completions, impressions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`);
  daily.run('2026-11-16', 'alpha', 'a1', 'm1', 10 * MIN, 0, 1, 1);
  daily.run('2026-11-22', 'alpha', 'a2', 'w1', 1 * MIN, 5 * MIN, 1, 0);
  daily.run('2026-11-10', 'alpha', 'a1', 'm2', 40 * MIN, 0, 2, 1);
  daily.run('2026-11-15', 'beta', 'b1', 'm1', 2 * MIN, 0, 1, 0);
  daily.run('2026-11-20', '', 's1', 'm1', 999_999, 0, 1, 0); // staff: never counted
  daily.run('2026-11-23', 'alpha', 'a1', 'm1', 5_000, 0, 1, 0); // after the period
  daily.run('2026-09-01', 'delta', 'd1', 'm1', 1 * MIN, 0, 1, 0);
  const aware = c.prepare(`INSERT INTO tracking_account_awareness (account_id, content_key, first_impression_at, first_view_at, first_engaged_at) VALUES (?, ?, ?, ?, ?)`);
  aware.run('alpha', 'm1', null, Date.parse('2026-11-16T01:00:00Z'), Date.parse('2026-11-16T01:10:00Z'));
  aware.run('alpha', 'm2', null, Date.parse('2026-11-10T01:00:00Z'), Date.parse('2026-11-10T01:30:00Z'));
  aware.run('alpha', 'w1', Date.parse('2026-11-22T14:59:59Z'), null, null); // 23:59:59 in Tokyo: counts for 11-22
  aware.run('beta', 'm1', null, Date.parse('2026-11-15T00:00:00Z'), null);
  aware.run('beta', 'ann1', Date.parse('2026-11-22T15:00:00Z'), null, null); // 00:00 on 11-23 in Tokyo: too late
  const progress = c.prepare(`INSERT INTO tracking_progress (user_id, content_key, account_id, active_ms, first_impression_at, first_view_at, first_engaged_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, 0)`);
  progress.run('a1', 'm1', 'alpha', null, Date.parse('2026-11-16T01:00:00Z'), Date.parse('2026-11-16T01:10:00Z'));
  progress.run('a2', 'm1', 'alpha', Date.parse('2026-11-17T01:00:00Z'), null, null);
  progress.run('a1', 'm2', 'alpha', null, Date.parse('2026-11-10T01:00:00Z'), null);
  progress.run('a2', 'w1', 'alpha', Date.parse('2026-11-22T14:59:59Z'), null, null);
  progress.run('b1', 'm1', 'beta', null, Date.parse('2026-11-15T00:00:00Z'), null);
  const reach = c.prepare(`INSERT INTO tracking_announcement_reach (announcement_key, user_id, account_id, first_seen_at, opened_at) VALUES (?, ?, ?, ?, ?)`);
  reach.run('ann1', 'a1', 'alpha', Date.parse('2026-11-17T02:00:00Z'), Date.parse('2026-11-17T02:05:00Z'));
  reach.run('ann1', 'a2', 'alpha', Date.parse('2026-11-19T02:00:00Z'), null);
  reach.run('ann1', 'b1', 'beta', Date.parse('2026-11-22T15:00:00Z'), null);
  const content = createKpiContent(ITEMS, files());
  return {
    db,
    ctx: (period = { period: '7' }, env = {}) => {
      const s = settings(env);
      return { db: c, content, settings: s, periods: resolvePeriod(period, s.timeZone, NOW) };
    },
    close: () => {
      c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
